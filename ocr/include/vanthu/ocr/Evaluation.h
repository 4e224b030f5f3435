#pragma once
// Measuring field extraction against a ground-truth corpus laid out like shared/corpus/dev
// (truth.jsonl, scans/<id>.pdf, pages/<id>_p1.png; see its README). Exact match of each field
// after NFC and white-space normalisation, character error rate (CER) of the subject, time per
// document. Used by `vanthu eval`, the OCR benchmark and the tests. Pure functions; thread-safe.

#include "vanthu/core/DocumentMeta.h"
#include "vanthu/ocr/Errors.h"

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace vanthu::ocr::eval {

// One ground-truth record: the compared fields by name (see fieldNames()), plus scan facts.
struct Truth {
    std::string id;                              // "DEV-007"
    std::map<std::string, std::string> fields;   // NFC; a null truth value is ""
    std::string subject;                         // trích yếu as printed
    int dpi = 300;                               // scan resolution
    int pages = 0;                               // scanned pages, blank backs included
};

// The compared field names, in table order: number_symbol, date, place, issuer, issuer_parent,
// type, urgency, secrecy, authority, signer_title, signer_name, recipients, pages.
const std::vector<std::string>& fieldNames();

// Reads DIR/truth.jsonl. InvalidInput when it is missing or a line is not a truth record.
Result<std::vector<Truth>> readTruth(const std::string& dir);

// The same fields as extracted: number_symbol "220/QĐ-STC" ("/QĐ-STC" when the number is blank),
// date "yyyy-mm-dd", type "Quyết định", urgency/secrecy "Khẩn"/"Mật" or "", recipients joined
// with "; ", pages as a decimal number.
std::map<std::string, std::string> fieldsOf(const DocumentMeta& meta);

// NFC, runs of white space made one space, trimmed.
std::string normalize(std::string_view s);
// The subject without a leading "V/v" or "Về việc" (the corpus README allows stripping them).
std::string subjectCore(std::string_view s);
// Levenshtein distance on Unicode code points.
size_t editDistance(std::string_view a, std::string_view b);

// Collects per-document results and renders the accuracy table.
class Scoreboard {
public:
    // Records one document: `seconds` is the time to its fields (import + OCR + extraction).
    void add(const Truth& truth, const DocumentMeta& got, double seconds, double headerSeconds);
    // Records a document that could not be read at all (every field counts as wrong).
    void addFailure(const Truth& truth, std::string_view error);

    double accuracy(const std::string& field) const;   // percent; 0 when nothing was counted
    double subjectCer() const;                          // percent
    int documents() const { return m_documents; }
    int secretDocuments() const { return m_secretTotal; }
    int secretFound() const { return m_secretFound; }

    // Markdown table: field, correct, total, accuracy; subject CER; secrecy found; blank numbers;
    // mean seconds per document.
    std::string table() const;
    // The summary and every document's truth/got pairs, as JSON text.
    std::string json() const;

private:
    struct Count { int correct = 0, total = 0; };
    std::map<std::string, Count> m_counts;
    size_t m_subjectEdits = 0, m_subjectChars = 0;
    int m_documents = 0, m_secretTotal = 0, m_secretFound = 0;
    int m_blankTotal = 0, m_blankReported = 0;
    double m_seconds = 0, m_headerSeconds = 0;
    std::vector<std::string> m_details;   // JSON objects, one per document
};

} // namespace vanthu::ocr::eval
