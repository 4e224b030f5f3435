<?xml version='1.0' encoding='utf-8'?>
<!DOCTYPE TS>
<TS version="2.1" language="en_GB" sourcelanguage="vi_VN">
<context>
    <name>AdminScreen</name>
    <message>
        <source>Tài khoản</source>
        <translation>Accounts</translation>
    </message>
    <message>
        <source>đang khóa</source>
        <translation>locked</translation>
    </message>
    <message>
        <source>Bật lại</source>
        <translation>Enable</translation>
    </message>
    <message>
        <source>Vô hiệu hóa</source>
        <translation>Disable</translation>
    </message>
    <message>
        <source>Thêm tài khoản</source>
        <translation>Add account</translation>
    </message>
    <message>
        <source>Tên đăng nhập</source>
        <translation>User name</translation>
    </message>
    <message>
        <source>Họ và tên</source>
        <translation>Full name</translation>
    </message>
    <message>
        <source>Văn thư</source>
        <translation>Records clerk</translation>
    </message>
    <message>
        <source>Bộ phận một cửa</source>
        <translation>One-stop desk</translation>
    </message>
    <message>
        <source>Lưu trữ</source>
        <translation>Archivist</translation>
    </message>
    <message>
        <source>Lãnh đạo</source>
        <translation>Leader</translation>
    </message>
    <message>
        <source>Chuyên viên</source>
        <translation>Specialist</translation>
    </message>
    <message>
        <source>Quản trị</source>
        <translation>Administration</translation>
    </message>
    <message>
        <source>Mật khẩu (ít nhất 10 ký tự)</source>
        <translation>Password (at least 10 characters)</translation>
    </message>
    <message>
        <source>Thêm</source>
        <translation>Add</translation>
    </message>
    <message>
        <source>Thiết bị</source>
        <translation>Devices</translation>
    </message>
    <message>
        <source>Máy quét: %1</source>
        <translation>Scanner: %1</translation>
    </message>
    <message>
        <source>Chứng thư số và con dấu</source>
        <translation>Certificates and seal</translation>
    </message>
    <message>
        <source>Cấu hình</source>
        <translation>Configuration</translation>
    </message>
    <message>
        <source>Tự khóa sau (giây, 0 = không)</source>
        <translation>Lock after (seconds, 0 = never)</translation>
    </message>
</context>
<context>
    <name>DossierScreen</name>
    <message>
        <source>Tiếp nhận hồ sơ một cửa</source>
        <translation>One-stop dossier intake</translation>
    </message>
    <message>
        <source>Thủ tục hành chính</source>
        <translation>Administrative procedure</translation>
    </message>
    <message>
        <source>Mã thủ tục %1 · thời hạn giải quyết %2 ngày làm việc</source>
        <translation>Procedure %1 · settled within %2 working days</translation>
    </message>
    <message>
        <source>Thành phần hồ sơ</source>
        <translation>Dossier components</translation>
    </message>
    <message>
        <source>bản chính</source>
        <translation>original</translation>
    </message>
    <message>
        <source>bản sao</source>
        <translation>copy</translation>
    </message>
    <message>
        <source>bắt buộc</source>
        <translation>required</translation>
    </message>
    <message>
        <source>nếu có</source>
        <translation>if any</translation>
    </message>
    <message>
        <source>Người nộp hồ sơ</source>
        <translation>Applicant</translation>
    </message>
    <message>
        <source>Quét mã QR trên CCCD (đầu đọc nhập như bàn phím) hoặc dán nội dung:</source>
        <translation>Scan the QR code on the citizen ID card (the reader types like a keyboard) or paste its text:</translation>
    </message>
    <message>
        <source>Nội dung mã QR CCCD</source>
        <translation>Citizen ID QR text</translation>
    </message>
    <message>
        <source>Họ và tên</source>
        <translation>Full name</translation>
    </message>
    <message>
        <source>Số CCCD</source>
        <translation>ID number</translation>
    </message>
    <message>
        <source>Ngày sinh</source>
        <translation>Date of birth</translation>
    </message>
    <message>
        <source>Giới tính</source>
        <translation>Sex</translation>
    </message>
    <message>
        <source>Nơi thường trú</source>
        <translation>Permanent address</translation>
    </message>
    <message>
        <source>Nội dung yêu cầu</source>
        <translation>Request</translation>
    </message>
    <message>
        <source>Mở hồ sơ</source>
        <translation>Open dossier</translation>
    </message>
    <message>
        <source>Mã hồ sơ: %1</source>
        <translation>Dossier code: %1</translation>
    </message>
    <message>
        <source>Quét thêm</source>
        <translation>Scan more</translation>
    </message>
    <message>
        <source>Quét</source>
        <translation>Scan</translation>
    </message>
</context>
<context>
    <name>LockOverlay</name>
    <message>
        <source>Màn hình đã khóa</source>
        <translation>Screen locked</translation>
    </message>
    <message>
        <source>%1 — nhập mật khẩu để tiếp tục đúng chỗ đang làm.</source>
        <translation>%1 — enter your password to continue where you were.</translation>
    </message>
    <message>
        <source>Mật khẩu</source>
        <translation>Password</translation>
    </message>
    <message>
        <source>Mở khóa</source>
        <translation>Unlock</translation>
    </message>
    <message>
        <source>Đăng xuất</source>
        <translation>Sign out</translation>
    </message>
</context>
<context>
    <name>LoginScreen</name>
    <message>
        <source>TRẠM VĂN THƯ</source>
        <translation>RECORDS STATION</translation>
    </message>
    <message>
        <source>Không khởi tạo được trạm: </source>
        <translation>The station could not be set up: </translation>
    </message>
    <message>
        <source>Đang chuẩn bị trạm (sổ đăng ký, khóa ký, máy quét)…</source>
        <translation>Preparing the station (registers, signing keys, scanner)…</translation>
    </message>
    <message>
        <source>Lần đầu sử dụng: tạo tài khoản quản trị</source>
        <translation>First start: create the administrator account</translation>
    </message>
    <message>
        <source>Đăng nhập</source>
        <translation>Sign in</translation>
    </message>
    <message>
        <source>Tên đăng nhập</source>
        <translation>User name</translation>
    </message>
    <message>
        <source>Họ và tên</source>
        <translation>Full name</translation>
    </message>
    <message>
        <source>Mật khẩu (ít nhất 10 ký tự)</source>
        <translation>Password (at least 10 characters)</translation>
    </message>
    <message>
        <source>Mật khẩu</source>
        <translation>Password</translation>
    </message>
    <message>
        <source>Tạo tài khoản</source>
        <translation>Create account</translation>
    </message>
    <message>
        <source>Ngôn ngữ / Language:</source>
        <translation>Ngôn ngữ / Language:</translation>
    </message>
</context>
<context>
    <name>Main</name>
    <message>
        <source>Trạm văn thư</source>
        <translation>Records station</translation>
    </message>
    <message>
        <source>Văn bản đến</source>
        <translation>Incoming</translation>
    </message>
    <message>
        <source>Văn bản đi</source>
        <translation>Outgoing</translation>
    </message>
    <message>
        <source>Quét theo lô</source>
        <translation>Batch scanning</translation>
    </message>
    <message>
        <source>Hồ sơ một cửa</source>
        <translation>One-stop dossiers</translation>
    </message>
    <message>
        <source>Sổ văn bản</source>
        <translation>Registers</translation>
    </message>
    <message>
        <source>Hàng đợi và hạn</source>
        <translation>Queue and deadlines</translation>
    </message>
    <message>
        <source>Quản trị</source>
        <translation>Administration</translation>
    </message>
    <message>
        <source>Khóa</source>
        <translation>Lock</translation>
    </message>
    <message>
        <source>Đăng xuất</source>
        <translation>Sign out</translation>
    </message>
    <message>
        <source>CHẾ ĐỘ THỬ NGHIỆM — khóa ký và mã cơ quan là dữ liệu mẫu</source>
        <translation>TEST MODE — the signing keys and the agency code are sample data</translation>
    </message>
</context>
<context>
    <name>OutgoingScreen</name>
    <message>
        <source>Ban hành văn bản đi</source>
        <translation>Issue an outgoing document</translation>
    </message>
    <message>
        <source>1. Bản gốc đã ký</source>
        <translation>1. The signed original</translation>
    </message>
    <message>
        <source>Chọn tệp…</source>
        <translation>Choose file…</translation>
    </message>
    <message>
        <source>Quét bản giấy</source>
        <translation>Scan the paper</translation>
    </message>
    <message>
        <source>(chưa chọn)</source>
        <translation>(none chosen)</translation>
    </message>
    <message>
        <source>2. Loại văn bản và sổ</source>
        <translation>2. Document type and series</translation>
    </message>
    <message>
        <source>(theo loại văn bản)</source>
        <translation>(by document type)</translation>
    </message>
    <message>
        <source>3. Nơi nhận (mã định danh)</source>
        <translation>3. Recipients (agency codes)</translation>
    </message>
    <message>
        <source>Tìm cơ quan: tên hoặc mã, gõ không dấu cũng được</source>
        <translation>Find an agency: name or code, diacritics optional</translation>
    </message>
    <message>
        <source>Đã chọn %1 nơi nhận</source>
        <translation>%1 recipient(s) chosen</translation>
    </message>
    <message>
        <source>4. Kiểm tra nội dung</source>
        <translation>4. Check the content</translation>
    </message>
    <message>
        <source>Chọn tệp hoặc quét bản gốc đã ký; nội dung sẽ được đọc tự động.</source>
        <translation>Choose the file or scan the signed original; its content is read automatically.</translation>
    </message>
    <message>
        <source>Trích yếu</source>
        <translation>Subject</translation>
    </message>
    <message>
        <source>đã sửa</source>
        <translation>corrected</translation>
    </message>
    <message>
        <source>Số và ngày sẽ hiện ở đây</source>
        <translation>The number and date appear here</translation>
    </message>
    <message>
        <source>Trang 1 của bản gốc</source>
        <translation>Page 1 of the original</translation>
    </message>
    <message>
        <source>Khung xanh: chữ ký · Vòng đỏ: con dấu — chạm vào trang để dời</source>
        <translation>Blue box: signature · red circle: seal — tap the page to move them</translation>
    </message>
    <message>
        <source>Chữ ký và con dấu đặt ở trang cuối, tại khối chữ ký tìm được</source>
        <translation>The signature and seal go on the last page, at the signature block found there</translation>
    </message>
    <message>
        <source>Văn bản đi mới</source>
        <translation>New outgoing document</translation>
    </message>
    <message>
        <source>KÝ SỐ VÀ GỬI</source>
        <translation>SIGN AND SEND</translation>
    </message>
    <message>
        <source>Đóng</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>Nhập mã PIN của token ký số</source>
        <translation>Enter the signing token PIN</translation>
    </message>
    <message>
        <source>Mã PIN</source>
        <translation>PIN</translation>
    </message>
    <message>
        <source>Hủy</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Đang ký…</source>
        <translation>Signing…</translation>
    </message>
    <message>
        <source>Ký và gửi</source>
        <translation>Sign and send</translation>
    </message>
    <message>
        <source>Cấp số, đóng dấu, ký số và gửi?</source>
        <translation>Number, seal, sign and send?</translation>
    </message>
    <message>
        <source>Ký hiệu</source>
        <translation>Symbol</translation>
    </message>
</context>
<context>
    <name>QueueScreen</name>
    <message>
        <source>Hàng đợi gửi trục liên thông</source>
        <translation>Queue to the document exchange</translation>
    </message>
    <message>
        <source>Chờ gửi: %1</source>
        <translation>Waiting: %1</translation>
    </message>
    <message>
        <source>Đã gửi: %1</source>
        <translation>Sent: %1</translation>
    </message>
    <message>
        <source>Lỗi: %1</source>
        <translation>Failed: %1</translation>
    </message>
    <message>
        <source>Gửi lại tất cả mục lỗi</source>
        <translation>Retry all failed items</translation>
    </message>
    <message>
        <source>Làm mới</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <source> · %1 lần thử</source>
        <translation> · %1 attempt(s)</translation>
    </message>
    <message>
        <source>Gửi lại</source>
        <translation>Retry</translation>
    </message>
    <message>
        <source>Hàng đợi trống</source>
        <translation>The queue is empty</translation>
    </message>
    <message>
        <source>Văn bản quá hạn</source>
        <translation>Overdue documents</translation>
    </message>
    <message>
        <source>Hạn: %1</source>
        <translation>Due: %1</translation>
    </message>
    <message>
        <source>Không có văn bản quá hạn</source>
        <translation>No overdue documents</translation>
    </message>
</context>
<context>
    <name>RecordsScreen</name>
    <message>
        <source>Sổ văn bản đến</source>
        <translation>Incoming register</translation>
    </message>
    <message>
        <source>Sổ văn bản đi</source>
        <translation>Outgoing register</translation>
    </message>
    <message>
        <source>Tìm theo số, ký hiệu, cơ quan, trích yếu (không cần dấu)</source>
        <translation>Search by number, symbol, agency, subject (diacritics optional)</translation>
    </message>
    <message>
        <source>Số đi</source>
        <translation>Out no.</translation>
    </message>
    <message>
        <source>Số đến</source>
        <translation>Arrival no.</translation>
    </message>
    <message>
        <source>Ngày</source>
        <translation>Date</translation>
    </message>
    <message>
        <source>Số, ký hiệu</source>
        <translation>Number, symbol</translation>
    </message>
    <message>
        <source>Cơ quan ban hành</source>
        <translation>Issuing agency</translation>
    </message>
    <message>
        <source>Trích yếu</source>
        <translation>Subject</translation>
    </message>
    <message>
        <source>Đang tải…</source>
        <translation>Loading…</translation>
    </message>
    <message>
        <source>Không có văn bản nào</source>
        <translation>No documents</translation>
    </message>
    <message>
        <source>Chi tiết</source>
        <translation>Details</translation>
    </message>
    <message>
        <source>Chọn một dòng để xem chi tiết và lịch sử.</source>
        <translation>Choose a row to see its details and history.</translation>
    </message>
    <message>
        <source>Số</source>
        <translation>Number</translation>
    </message>
    <message>
        <source>Cơ quan</source>
        <translation>Agency</translation>
    </message>
    <message>
        <source>Hạn xử lý</source>
        <translation>Due</translation>
    </message>
    <message>
        <source>Người nhập</source>
        <translation>Entered by</translation>
    </message>
    <message>
        <source>Lịch sử (nhật ký kiểm tra)</source>
        <translation>History (audit log)</translation>
    </message>
</context>
<context>
    <name>ResultScreen</name>
    <message>
        <source>Đã đăng ký văn bản đến</source>
        <translation>Incoming document registered</translation>
    </message>
    <message>
        <source>Văn bản tiếp theo (%1)</source>
        <translation>Next document (%1)</translation>
    </message>
    <message>
        <source>Quét văn bản mới</source>
        <translation>Scan a new document</translation>
    </message>
    <message>
        <source>Xem sổ đến</source>
        <translation>Open the incoming register</translation>
    </message>
    <message>
        <source>Trang đầu đã đóng dấu ĐẾN</source>
        <translation>First page with the ĐẾN (received) stamp</translation>
    </message>
</context>
<context>
    <name>ReviewScreen</name>
    <message>
        <source>Văn bản %1/%2 · trang %3/%4</source>
        <translation>Document %1/%2 · page %3/%4</translation>
    </message>
    <message>
        <source>Vừa trang</source>
        <translation>Fit page</translation>
    </message>
    <message>
        <source>Xoay trái</source>
        <translation>Rotate left</translation>
    </message>
    <message>
        <source>Xoay phải</source>
        <translation>Rotate right</translation>
    </message>
    <message>
        <source>◀ Chuyển lên</source>
        <translation>◀ Move up</translation>
    </message>
    <message>
        <source>Chuyển xuống ▶</source>
        <translation>Move down ▶</translation>
    </message>
    <message>
        <source>Xóa trang</source>
        <translation>Delete page</translation>
    </message>
    <message>
        <source>Tách sau trang này</source>
        <translation>Split after this page</translation>
    </message>
    <message>
        <source>Gộp văn bản sau</source>
        <translation>Merge the next document</translation>
    </message>
    <message>
        <source>Kiểm tra thông tin văn bản</source>
        <translation>Check the document details</translation>
    </message>
    <message>
        <source>Tab hoặc Enter: sang trường sau · Ctrl+Enter: Đăng ký · Trường tô cam: độ tin cậy thấp, bấm để phóng to vùng ảnh</source>
        <translation>Tab or Enter: next field · Ctrl+Enter: register · Orange fields: low confidence, click to zoom to their region</translation>
    </message>
    <message>
        <source>đang đọc…</source>
        <translation>reading…</translation>
    </message>
    <message>
        <source>Xem bản đã đăng ký</source>
        <translation>Open the registered one</translation>
    </message>
    <message>
        <source>đã sửa</source>
        <translation>corrected</translation>
    </message>
    <message>
        <source>Quét lại</source>
        <translation>Scan again</translation>
    </message>
    <message>
        <source>ĐĂNG KÝ (vào sổ đến)</source>
        <translation>REGISTER (incoming register)</translation>
    </message>
    <message>
        <source>TRANG TRẮNG</source>
        <translation>BLANK PAGE</translation>
    </message>
    <message>
        <source>Không phải trang trắng</source>
        <translation>Not a blank page</translation>
    </message>
</context>
<context>
    <name>ScanScreen</name>
    <message>
        <source>Quét theo lô</source>
        <translation>Batch scanning</translation>
    </message>
    <message>
        <source>TRANG TRẮNG</source>
        <translation>BLANK PAGE</translation>
    </message>
    <message>
        <source>Quét văn bản đến</source>
        <translation>Scan incoming documents</translation>
    </message>
    <message>
        <source>Máy quét</source>
        <translation>Scanner</translation>
    </message>
    <message>
        <source>(đang tìm…)</source>
        <translation>(searching…)</translation>
    </message>
    <message>
        <source>Tìm lại</source>
        <translation>Search again</translation>
    </message>
    <message>
        <source>Cấu hình quét</source>
        <translation>Scan profile</translation>
    </message>
    <message>
        <source>Mặc định của máy (mặt kính, 300 dpi)</source>
        <translation>Device defaults (flatbed, 300 dpi)</translation>
    </message>
    <message>
        <source>Số trang tối đa</source>
        <translation>Maximum pages</translation>
    </message>
    <message>
        <source>Đang quét…</source>
        <translation>Scanning…</translation>
    </message>
    <message>
        <source>QUÉT</source>
        <translation>SCAN</translation>
    </message>
    <message>
        <source>Dừng</source>
        <translation>Stop</translation>
    </message>
    <message>
        <source>Đã nhận %1 trang</source>
        <translation>%1 page(s) received</translation>
    </message>
    <message>
        <source>Đã hiểu</source>
        <translation>OK</translation>
    </message>
    <message>
        <source>Đặt văn bản lên mặt kính hoặc khay nạp rồi bấm QUÉT.
Các trang sẽ hiện ở đây.</source>
        <translation>Put the document on the glass or in the feeder, then press SCAN.
The pages appear here.</translation>
    </message>
    <message>
        <source>Trang %1</source>
        <translation>Page %1</translation>
    </message>
</context>
<context>
    <name>vanthu::ui::AdminModel</name>
    <message>
        <source>Cơ quan</source>
        <translation>Agency</translation>
    </message>
    <message>
        <source>Mã định danh</source>
        <translation>Agency code</translation>
    </message>
    <message>
        <source>Tệp cấu hình</source>
        <translation>Configuration file</translation>
    </message>
    <message>
        <source>(mặc định)</source>
        <translation>(defaults)</translation>
    </message>
    <message>
        <source>Thư mục dữ liệu</source>
        <translation>Data folder</translation>
    </message>
    <message>
        <source>Sổ đăng ký</source>
        <translation>Register database</translation>
    </message>
    <message>
        <source>Thư mục gửi đi (spool)</source>
        <translation>Outgoing spool folder</translation>
    </message>
    <message>
        <source> (không có tệp)</source>
        <translation> (file missing)</translation>
    </message>
    <message>
        <source>Chứng thư số cơ quan</source>
        <translation>Agency certificate</translation>
    </message>
    <message>
        <source>Khóa ký cơ quan (PKCS#12)</source>
        <translation>Agency signing key (PKCS#12)</translation>
    </message>
    <message>
        <source>Chứng thư gốc tin cậy</source>
        <translation>Trusted root certificate</translation>
    </message>
    <message>
        <source>Ảnh con dấu</source>
        <translation>Seal image</translation>
    </message>
    <message>
        <source>Ảnh chữ ký</source>
        <translation>Signature image</translation>
    </message>
    <message>
        <source>Lưu ý</source>
        <translation>Note</translation>
    </message>
    <message>
        <source>Khóa THỬ NGHIỆM tự cấp — không dùng cho văn bản thật</source>
        <translation>Self-issued TEST keys — not for real documents</translation>
    </message>
    <message>
        <source>Vai trò không hợp lệ</source>
        <translation>Invalid role</translation>
    </message>
    <message>
        <source>Đã thêm tài khoản</source>
        <translation>Account added</translation>
    </message>
</context>
<context>
    <name>vanthu::ui::AppState</name>
    <message>
        <source>Kẹt giấy</source>
        <translation>Paper jam</translation>
    </message>
    <message>
        <source>Mở nắp máy quét, gỡ tờ giấy bị kẹt, đặt lại tập giấy rồi bấm Quét.</source>
        <translation>Open the scanner cover, remove the jammed sheet, put the stack back and press Scan.</translation>
    </message>
    <message>
        <source>Nắp máy quét đang mở</source>
        <translation>The scanner cover is open</translation>
    </message>
    <message>
        <source>Đóng nắp máy quét cho đến khi nghe tiếng khớp, rồi bấm Quét.</source>
        <translation>Close the scanner cover until it clicks, then press Scan.</translation>
    </message>
    <message>
        <source>Khay nạp giấy trống</source>
        <translation>The feeder is empty</translation>
    </message>
    <message>
        <source>Đặt văn bản vào khay nạp, mặt chữ theo hướng dẫn trên máy, rồi bấm Quét.</source>
        <translation>Put the document in the feeder, text side as shown on the device, then press Scan.</translation>
    </message>
    <message>
        <source>Máy quét đang bận</source>
        <translation>The scanner is busy</translation>
    </message>
    <message>
        <source>Chờ máy quét xong việc khác rồi bấm Quét lại.</source>
        <translation>Wait until the scanner has finished, then press Scan again.</translation>
    </message>
    <message>
        <source>Không tìm thấy máy quét</source>
        <translation>No scanner found</translation>
    </message>
    <message>
        <source>Kiểm tra dây cáp và nguồn của máy quét, rồi bấm Tìm lại.</source>
        <translation>Check the scanner cable and power, then press Search again.</translation>
    </message>
    <message>
        <source>Không có quyền dùng máy quét</source>
        <translation>No permission to use the scanner</translation>
    </message>
    <message>
        <source>Nhờ quản trị thêm tài khoản máy vào nhóm scanner.</source>
        <translation>Ask the administrator to add the station account to the scanner group.</translation>
    </message>
    <message>
        <source>Đã dừng</source>
        <translation>Stopped</translation>
    </message>
    <message>
        <source>Bấm Quét để bắt đầu lại.</source>
        <translation>Press Scan to start again.</translation>
    </message>
    <message>
        <source>Sai tên đăng nhập hoặc mật khẩu</source>
        <translation>Wrong user name or password</translation>
    </message>
    <message>
        <source>Nhập lại; tài khoản bị khóa tạm sau nhiều lần sai.</source>
        <translation>Try again; the account is locked for a while after several failures.</translation>
    </message>
    <message>
        <source>Tài khoản đang bị khóa tạm thời</source>
        <translation>The account is temporarily locked</translation>
    </message>
    <message>
        <source>Chờ hết thời gian khóa hoặc nhờ quản trị mở khóa.</source>
        <translation>Wait for the lock to expire or ask the administrator to unlock it.</translation>
    </message>
    <message>
        <source>Tài khoản đã bị vô hiệu hóa</source>
        <translation>The account is disabled</translation>
    </message>
    <message>
        <source>Liên hệ quản trị hệ thống.</source>
        <translation>Contact the system administrator.</translation>
    </message>
    <message>
        <source>Sai mã PIN</source>
        <translation>Wrong PIN</translation>
    </message>
    <message>
        <source>Nhập lại mã PIN của token. Token sẽ khóa sau vài lần sai liên tiếp; chưa có gì được cấp số hay gửi đi.</source>
        <translation>Enter the token PIN again. The token locks after a few wrong PINs in a row; nothing was numbered or sent.</translation>
    </message>
    <message>
        <source>Token đã khóa mã PIN</source>
        <translation>The token PIN is locked</translation>
    </message>
    <message>
        <source>Nhờ quản trị mở khóa token bằng mã PUK/SO PIN; chưa có gì được cấp số hay gửi đi.</source>
        <translation>Ask the administrator to unlock the token with the PUK/SO PIN; nothing was numbered or sent.</translation>
    </message>
    <message>
        <source>Sai mật khẩu khóa ký</source>
        <translation>Wrong signing key password</translation>
    </message>
    <message>
        <source>Kiểm tra mật khẩu tệp khóa của cơ quan; chưa có gì được cấp số hay gửi đi.</source>
        <translation>Check the password of the agency's key file; nothing was numbered or sent.</translation>
    </message>
    <message>
        <source>Không thấy token ký số</source>
        <translation>No signing token found</translation>
    </message>
    <message>
        <source>Cắm token vào máy rồi bấm Ký số và gửi lại.</source>
        <translation>Plug the token in, then press Sign and send again.</translation>
    </message>
    <message>
        <source>Token không phản hồi</source>
        <translation>The token does not answer</translation>
    </message>
    <message>
        <source>Rút token ra, cắm lại rồi thử lại.</source>
        <translation>Unplug the token, plug it in again and retry.</translation>
    </message>
    <message>
        <source>Chứng thư số đã hết hạn</source>
        <translation>The certificate has expired</translation>
    </message>
    <message>
        <source>Liên hệ quản trị để gia hạn chứng thư số của cơ quan.</source>
        <translation>Ask the administrator to renew the agency's certificate.</translation>
    </message>
    <message>
        <source>Còn trường bắt buộc chưa điền</source>
        <translation>Required fields are empty</translation>
    </message>
    <message>
        <source>Văn bản đã được đăng ký</source>
        <translation>The document is registered already</translation>
    </message>
    <message>
        <source>Chữ ký số không hợp lệ: không đăng ký</source>
        <translation>The digital signature is not valid: not registered</translation>
    </message>
    <message>
        <source>Lỗi</source>
        <translation>Error</translation>
    </message>
    <message>
        <source>Văn thư</source>
        <translation>Records clerk</translation>
    </message>
    <message>
        <source>Lãnh đạo</source>
        <translation>Leader</translation>
    </message>
    <message>
        <source>Chuyên viên</source>
        <translation>Specialist</translation>
    </message>
    <message>
        <source>Quản trị</source>
        <translation>Administration</translation>
    </message>
    <message>
        <source>Bộ phận một cửa</source>
        <translation>One-stop desk</translation>
    </message>
    <message>
        <source>Lưu trữ</source>
        <translation>Archivist</translation>
    </message>
</context>
<context>
    <name>vanthu::ui::DossierModel</name>
    <message>
        <source>Còn thiếu %1 thành phần bắt buộc</source>
        <translation>%1 required component(s) missing</translation>
    </message>
    <message>
        <source>Hồ sơ đã đủ thành phần bắt buộc</source>
        <translation>All required components are in</translation>
    </message>
</context>
<context>
    <name>vanthu::ui::IncomingModel</name>
    <message>
        <source>Đã đăng ký: số đến %1/%2</source>
        <translation>Registered already: arrival no. %1/%2</translation>
    </message>
    <message>
        <source> (cùng mã văn bản)</source>
        <translation> (same document id)</translation>
    </message>
    <message>
        <source> (cùng số, ký hiệu, cơ quan ban hành)</source>
        <translation> (same number, symbol and issuer)</translation>
    </message>
    <message>
        <source>Chưa có văn bản</source>
        <translation>No document yet</translation>
    </message>
    <message>
        <source>Đã có trong sổ: số đến %1/%2</source>
        <translation>Already in the register: arrival no. %1/%2</translation>
    </message>
    <message>
        <source>Số đến %1/%2</source>
        <translation>Arrival no. %1/%2</translation>
    </message>
    <message>
        <source>Thời điểm đến: %1</source>
        <translation>Arrived: %1</translation>
    </message>
    <message>
        <source>Hạn xử lý: %1</source>
        <translation>Due: %1</translation>
    </message>
    <message>
        <source>Đã đưa vào hàng đợi gửi trục liên thông</source>
        <translation>Queued for the document exchange</translation>
    </message>
    <message>
        <source>Không gửi đi (văn bản mật hoặc không yêu cầu)</source>
        <translation>Not sent (secret, or not required)</translation>
    </message>
</context>
<context>
    <name>vanthu::ui::OutgoingModel</name>
    <message>
        <source>Theo bản gốc (công văn)</source>
        <translation>As in the original (official letter)</translation>
    </message>
    <message>
        <source>Bản gốc chưa có chữ ký số (bản giấy đã ký, hoặc ký tay)</source>
        <translation>The original carries no digital signature (signed paper, or hand-signed)</translation>
    </message>
    <message>
        <source>Chữ ký số hợp lệ: %1</source>
        <translation>Valid digital signature: %1</translation>
    </message>
    <message>
        <source>Chữ ký số KHÔNG hợp lệ: %1</source>
        <translation>INVALID digital signature: %1</translation>
    </message>
    <message>
        <source>Số: …/%1</source>
        <translation>No.: …/%1</translation>
    </message>
    <message>
        <source>Số: %1/%2 (dự kiến)</source>
        <translation>No.: %1/%2 (expected)</translation>
    </message>
    <message>
        <source>%1, ngày %2 tháng %3 năm %4</source>
        <translation>%1, %2/%3/%4</translation>
    </message>
    <message>
        <source>Token ký số "%1": nhập mã PIN khi ký</source>
        <translation>Signing token "%1": PIN asked when signing</translation>
    </message>
    <message>
        <source>Khóa ký THỬ NGHIỆM của trạm (tệp PKCS#12) — không cần PIN</source>
        <translation>The station's TEST signing key (PKCS#12 file) — no PIN</translation>
    </message>
    <message>
        <source>Khóa ký của cơ quan (tệp PKCS#12 đã cấu hình) — không cần PIN</source>
        <translation>The agency's signing key (configured PKCS#12 file) — no PIN</translation>
    </message>
    <message>
        <source>Chưa có văn bản</source>
        <translation>No document yet</translation>
    </message>
    <message>
        <source>Nhập mã PIN của token</source>
        <translation>Enter the token PIN</translation>
    </message>
    <message>
        <source>Số %1/%2</source>
        <translation>No. %1/%2</translation>
    </message>
    <message>
        <source>Ngày ban hành: %1</source>
        <translation>Issued: %1</translation>
    </message>
    <message>
        <source>Sổ văn bản đi: %1, năm %2</source>
        <translation>Outgoing series: %1, year %2</translation>
    </message>
    <message>
        <source>Đã đưa vào hàng đợi gửi %1 nơi nhận</source>
        <translation>Queued for %1 recipient(s)</translation>
    </message>
    <message>
        <source>Không gửi đi (văn bản mật)</source>
        <translation>Not sent (secret document)</translation>
    </message>
    <message>
        <source>Ký hiệu "%1" không kết thúc bằng chữ viết tắt của cơ quan (%2): kiểm tra lại</source>
        <translation>Symbol "%1" does not end in the agency abbreviation (%2): check it</translation>
    </message>
    <message>
        <source>Ký hiệu không hợp lệ</source>
        <translation>Invalid symbol</translation>
    </message>
    <message>
        <source>Sổ văn bản đi chung</source>
        <translation>General outgoing series</translation>
    </message>
    <message>
        <source>Sổ văn bản mật</source>
        <translation>Secret series</translation>
    </message>
    <message>
        <source>Sổ bản sao</source>
        <translation>Copies series</translation>
    </message>
    <message>
        <source>Sổ riêng loại %1</source>
        <translation>Own series for %1</translation>
    </message>
</context>
<context>
    <name>vanthu::ui::QueueModel</name>
    <message>
        <source>Đang chờ gửi</source>
        <translation>Waiting to be sent</translation>
    </message>
    <message>
        <source>Đã gửi</source>
        <translation>Sent</translation>
    </message>
    <message>
        <source>Gửi lỗi — cần gửi lại</source>
        <translation>Failed — retry needed</translation>
    </message>
    <message>
        <source>Văn bản</source>
        <translation>Document</translation>
    </message>
    <message>
        <source>Trạng thái</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Quá hạn xử lý</source>
        <translation>Past its deadline</translation>
    </message>
    <message>
        <source>Chưa chuyển trong 2 giờ làm việc</source>
        <translation>Not passed on within 2 working hours</translation>
    </message>
    <message>
        <source>Đã đưa lại %1 mục vào hàng đợi</source>
        <translation>%1 item(s) queued again</translation>
    </message>
</context>
<context>
    <name>vanthu::ui::RecordsModel</name>
    <message>
        <source>Giấy</source>
        <translation>Paper</translation>
    </message>
    <message>
        <source>Điện tử</source>
        <translation>Electronic</translation>
    </message>
</context>
</TS>