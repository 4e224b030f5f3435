#pragma once
// The grammar of an NĐ 30 header, applied to OCR text: finds the number and symbol, the place and
// date, the document type and the marks in a line, and repairs typical Tesseract `vie` slips
// (Đ read as Ð or ĐÐ, O for 0 in numbers, stacked diacritics). Pure functions on UTF-8 text.

#include "vanthu/core/DocumentMeta.h"
#include "vanthu/core/DocumentType.h"

#include <chrono>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace vanthu::ocr::grammar {

// Tesseract `vie` reads a (bold) Đ as "ĐÐ" — Đ and the look-alike Ð (U+00D0, not a Vietnamese
// letter) — or as Ð alone, and đ as ð: "ĐÐ", "ÐĐ", "ÐÐ" → Đ, then Ð → Đ and ð → đ. A real "ĐĐ"
// (QLĐĐ, a unit's "ĐĐ") is read as two Đ and stays. Applied to every word the engine returns.
std::string repairEth(std::string s);

// Repairs OCR slips that the layout grammar makes unambiguous in a number line: Ð as above, the
// look-alikes OCR reads for a hyphen (‹ › « » – — ‐ ‑ − ~, a run of them one) and for a slash (⁄).
std::string repairSymbolText(std::string_view s);

struct NumberMatch {
    NumberSymbol value;       // number empty when printed blank ("Số:    /QĐ-STC")
    bool blank = false;
};
// Finds "Số: 05/2020/NĐ-CP" in a line (also "S6:", "Sô:", missing colon; O/o read for 0 in the
// number); the symbol must look like NĐ 30 symbols (letters, digits, '-', no spaces inside).
std::optional<NumberMatch> findNumberSymbol(std::string_view line);

struct DateMatch {
    std::string place;                                  // "Lạng Sơn" (empty if not on the line)
    std::optional<std::chrono::year_month_day> date;    // nullopt when the day is blank or invalid
    bool dayBlank = false;                              // "ngày   tháng 10 năm 2020"
    int month = 0, year = 0;                            // month 0: blank too ("ngày    tháng    năm 2026")
};
// Finds "<place>, ngày 05 tháng 02 năm 2021" (diacritics and spacing tolerated).
std::optional<DateMatch> findPlaceDate(std::string_view line);

// The document type named by a centred caps line ("QUYẾT ĐỊNH", OCR slips tolerated).
std::optional<DocumentType> matchTypeName(std::string_view line);

// Urgency and secrecy marks when a line consists of one ("KHẨN", "THƯỢNG KHẨN", "HỎA TỐC",
// "MẬT", "TỐI MẬT", "TUYỆT MẬT"; also "ĐỘ MẬT: ...").
std::optional<Urgency> matchUrgencyMark(std::string_view line);
std::optional<Secrecy> matchSecrecyMark(std::string_view line);

// A signer's position ("PHÓ GIÁM ĐỐC", "Q. GIÁM ĐỐC") snapped to the lexicon of positions when OCR
// slipped on a letter or a diacritic (at most one edit per six letters); unchanged otherwise.
// `head` is the position of the issuing body's head (see headOf): when the seal hid the start of
// the line and what is left ends that position ("CỤC TRƯỞNG" of a CHI CỤC's "CHI CỤC TRƯỞNG"), the
// head's position is taken over a shorter one the rest also reads as.
std::string repairPosition(std::string_view title, std::string_view head = {});

// The position whose start the seal hid when it also split the line: `rest` is what was read of
// the line's end ("PHONG"), `fragment` a piece of the hidden start read apart on the same line
// ("HÁN"). Of the positions the rest ends, the shortest whose hidden start holds the fragment's
// letters (three or more) is returned: CHÁNH VĂN PHÒNG, not the shorter TRƯỞNG PHÒNG nor the
// deputy's PHÓ CHÁNH VĂN PHÒNG. Empty when none does.
std::string positionWithHiddenStart(std::string_view rest, std::string_view fragment);

// Whether a line under "TM. <collective body>" opens with what the seal left of "KT." ("T. ", ". ",
// "1. ", "TL, ", ": "): a token of up to three characters ending in a dot, comma or colon that is
// not itself "TL.", "TUQ.", "Q." or "TM.". Under TM. only the head's title ("CHỦ TỊCH") or "KT.
// <head's title>" stands, so such a line means a deputy signs.
bool leftOfKtPrefix(std::string_view line);

// Whether a (repaired) title is one of the lexicon's positions, with or without "Q. ".
bool isPosition(std::string_view title);

// The position of the head of an issuing body, from the first words of its name (Luật Tổ chức
// chính quyền địa phương, NĐ 30 Phụ lục I): "SỞ ..." → "GIÁM ĐỐC", "CHI CỤC ..." → "CHI CỤC
// TRƯỞNG", "ỦY BAN NHÂN DÂN ..." → "CHỦ TỊCH"; empty when the name does not tell.
std::string headOf(std::string_view issuer);

// An upper-case agency line ("UBND TÍNH PHU THỌ") with its words snapped to the lexicon of
// administrative words and province names ("UBND TỈNH PHÚ THỌ"): a run of words whose letters
// (diacritics folded) equal a lexicon phrase takes the phrase's diacritics; phrases of 7+ letters
// also absorb one letter slip. `extra` adds phrases known from elsewhere on the page (the place).
std::string repairCaps(std::string_view line, const std::vector<std::string>& extra = {});

// The place before the date ("Phố Lụu, ngày ...") read with a letter more than the agency's name
// ends with it after the unit's kind ("... THỊ TRẤN PHỐ LU"): OCR's stutter in the place, which
// then takes the name's spelling in title case ("Phố Lu"). nullopt otherwise.
std::optional<std::string> placeFromAgency(std::string_view agency, std::string_view place);

// A subject (trích yếu) with OCR slips on the diacritics of common administrative phrases repaired
// ("kiếm tra" → "kiểm tra", "chuyến đổi" → "chuyển đổi", "nắm 2024" → "năm 2024"): a run of
// lower-case words whose letters equal a phrase of the lexicon takes the phrase's diacritics.
std::string repairSubject(std::string_view subject);

// A "Nơi nhận" item with OCR slips on the conventional abbreviations repaired ("(b/C)" → "(b/c)").
std::string repairRecipient(std::string_view item);

// The place before the date without OCR residue in front of it ("2 Quảng Nam" → "Quảng Nam").
std::string cleanPlace(std::string_view place);

// A signer's name as OCR read it, cleaned: leading fragments of the signature or seal dropped, the
// family name snapped to the common Vietnamese family names when a letter was misread or hidden
// by the seal ("Bùj Anh Toàn" → "Bùi Anh Toàn", "oàng Thế Bình" → "Hoàng Thế Bình").
std::string cleanName(std::string_view line);

// One word of a name without the marks OCR puts at its edges and cleanName drops ("“Thúy" →
// "Thúy", "Bình -" → "Bình").
std::string withoutNameMarks(std::string word);

// A cleaned name with its given names mended: one that is no name with its marks but is one
// without them takes the commonest name of those letters ("Quần" → Quân, "Thũ" → Thu), failing
// that the name OCR makes of one in bold serif type (l for a first T, ni or rn for m). A word in
// `asRead` (read with high confidence) and a name of the lexicon stay as they are: a rare name
// read well is no slip.
std::string mendGivenNames(std::string_view name, const std::vector<std::string>& asRead = {});

// One given or middle name mended as mendGivenNames mends each after the family name.
std::string mendGivenName(std::string_view word, const std::vector<std::string>& asRead = {});

// The one given name of the lexicon that ends in the lower-case letters `fragment` is, marks and
// all, with one to three letters more: what the seal left of a middle name ("úy" of Thúy, "ăn"
// of Văn). Empty when none does or several do ("iến": Tiến, Chiến), or when a family name ends so.
std::string givenNameEndingIn(std::string_view fragment);

// Whether a common family name longer than `word` ends in its letters ("ông": Nông, Tống).
bool endsLongerFamilyName(std::string_view word);

// The common Vietnamese family names cleanName snaps to, commonest first.
std::span<const std::string_view> commonFamilyNames();

// Whether `word` is one of the common middle and given names mendGivenNames knows ("Thị", "Tâm").
bool isGivenName(std::string_view word);

// The lower-case Vietnamese letters `word` ends in: what the seal may have left of a name
// ("ui" of "5ui", "uyen" of "xZuyen"; empty for "Bùi").
std::string nameFragment(std::string_view word);

// The last letter of `word` without its tone mark, lower case, when it is a vowel few words end
// in and OCR seldom makes of a stroke (â ă ê ô ơ ư y: "ô" of "Hồ" and of "riô"); empty otherwise.
std::string distinctiveLastVowel(std::string_view word);

// The vowel `word` ends in with its marks folded away ('o' for "Hồ", "Võ" and "ó", 'a' for "Hà";
// y counts as 'i'); 0 when it ends in a consonant ("Lâm") or is empty.
char lastVowelGroup(std::string_view word);

// `word` with its first letter upper case and the rest lower case ("văn" → "Văn", "PHỐ" → "Phố").
std::string capitalisedWord(std::string_view word);

// Whether `word` is one of the common Vietnamese family names cleanName snaps to ("Nguyễn", "Bùi").
bool isCommonFamilyName(std::string_view word);

// Whether every character of `word` is a letter of the Vietnamese alphabet (no f, j, w, z; no
// ñ, ø, ÿ or other Latin letters; no digits or marks).
bool vietnameseLetters(std::string_view word);

// Whether `word` can be a Vietnamese syllable as spelt: Vietnamese letters, a vowel, one tone mark
// at most, and a syllable that ends in a stop consonant (-c, -ch, -p, -t) with the sắc or nặng
// tone ("Nguyễt" is none: OCR's slip for Nguyễn). Case-insensitive.
bool possibleSyllable(std::string_view word);

// The issuer part of a symbol checked against the initials of the issuing agency's name: "SVHTTDI"
// beside "SỞ VĂN HÓA, THỂ THAO VÀ DU LỊCH" (initials SVHTTDL) differs in one letter and becomes
// "SVHTTDL"; one letter more or less in a run of the same letter ("SVHTTTDL") is a stutter of the
// OCR and becomes the initials too. Other abbreviations (other length, or 2+ letters apart) stay.
NumberSymbol reconcileWithIssuer(const NumberSymbol& ns, std::string_view issuer);

// Levenshtein distance on Unicode code points of the search keys (diacritics folded).
int foldedDistance(std::string_view a, std::string_view b);

} // namespace vanthu::ocr::grammar
