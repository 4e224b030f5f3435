import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Vanthu.Station

Rectangle {
    id: root
    required property DossierModel model
    color: "#f7f7f7"
    property string qrError: ""

    // The sample CCCD QR text of the demo (a made-up citizen).
    function fillDemo() {
        qr.text = "001099012345|012345678|Nguyễn Thị Hồng Nhung|15081990|Nữ|Số 12, phố Hàng Bạc, phường Hoàn Kiếm, Hà Nội|01072021"
        root.qrError = root.model.readCccd(qr.text)
        request.text = "Đề nghị cấp bản sao trích lục khai sinh"
    }

    RowLayout {
        anchors.fill: parent
        anchors.margins: 16
        spacing: 16
        ColumnLayout {
            Layout.fillWidth: true
            Layout.fillHeight: true
            spacing: 10
            Label { text: qsTr("Tiếp nhận hồ sơ một cửa"); font.pixelSize: 26; font.bold: true }
            Label { text: qsTr("Thủ tục hành chính"); font.bold: true }
            ComboBox {
                objectName: "procedurePicker"
                Layout.fillWidth: true
                implicitHeight: 52
                model: root.model.procedures
                textRole: "name"
                currentIndex: root.model.procedureIndex
                onActivated: (i) => root.model.procedureIndex = i
            }
            Label {
                visible: root.model.procedureIndex >= 0 && root.model.procedures.length > 0
                text: root.model.procedureIndex >= 0 && root.model.procedures.length > 0
                      ? qsTr("Mã thủ tục %1 · thời hạn giải quyết %2 ngày làm việc")
                            .arg(root.model.procedures[root.model.procedureIndex].code).arg(root.model.procedures[root.model.procedureIndex].days)
                      : ""
                color: "#555"
            }
            Label { text: qsTr("Thành phần hồ sơ"); font.bold: true; topPadding: 8 }
            ListView {
                id: comps
                objectName: "componentList"
                Layout.fillWidth: true
                Layout.fillHeight: true
                clip: true
                model: root.model.components
                spacing: 4
                delegate: Rectangle {
                    required property var modelData
                    width: comps.width
                    height: 62
                    radius: 6
                    color: modelData.present ? "#eef7ee" : "white"
                    border.color: "#ddd"
                    RowLayout {
                        anchors.fill: parent
                        anchors.margins: 8
                        Label { text: modelData.present ? "☑" : "☐"; font.pixelSize: 24 }
                        Label { text: modelData.name; Layout.fillWidth: true; wrapMode: Text.WordWrap; maximumLineCount: 2; elide: Text.ElideRight; font.pixelSize: 15 }
                        Label { text: (modelData.original ? qsTr("bản chính") : qsTr("bản sao")) + " × " + modelData.count; color: "#555" }
                        Label { text: modelData.required ? qsTr("bắt buộc") : qsTr("nếu có"); color: modelData.required ? "#8b1a1a" : "#555"; Layout.preferredWidth: 90 }
                        Button {
                            objectName: "scanComponent-" + modelData.id
                            text: modelData.present ? qsTr("Quét thêm") : qsTr("Quét")
                            enabled: root.model.dossierCode !== "" && !root.model.busy
                            implicitHeight: 40
                            onClicked: root.model.addComponent(modelData.id, [])
                        }
                    }
                }
            }
        }
        ColumnLayout {
            Layout.preferredWidth: 560
            Layout.fillHeight: true
            spacing: 10
            Label { text: qsTr("Người nộp hồ sơ"); font.pixelSize: 22; font.bold: true }
            Label { text: qsTr("Quét mã QR trên CCCD (đầu đọc nhập như bàn phím) hoặc dán nội dung:"); wrapMode: Text.WordWrap; Layout.fillWidth: true }
            TextField {
                id: qr
                objectName: "cccdQr"
                Layout.fillWidth: true
                implicitHeight: 48
                placeholderText: qsTr("Nội dung mã QR CCCD")
                onAccepted: root.qrError = root.model.readCccd(text)
            }
            Label { text: root.qrError; color: "#b00020"; visible: text !== ""; wrapMode: Text.WordWrap; Layout.fillWidth: true }
            GridLayout {
                columns: 2
                Layout.fillWidth: true
                Label { text: qsTr("Họ và tên"); font.bold: true }
                Label { objectName: "applicantName"; text: root.model.applicant.fullName || ""; Layout.fillWidth: true; wrapMode: Text.WordWrap }
                Label { text: qsTr("Số CCCD"); font.bold: true }
                Label { text: root.model.applicant.idNumber || "" }
                Label { text: qsTr("Ngày sinh"); font.bold: true }
                Label { text: root.model.applicant.birthDate || "" }
                Label { text: qsTr("Giới tính"); font.bold: true }
                Label { text: root.model.applicant.gender || "" }
                Label { text: qsTr("Nơi thường trú"); font.bold: true }
                Label { text: root.model.applicant.address || ""; Layout.fillWidth: true; wrapMode: Text.WordWrap }
            }
            Label { text: qsTr("Nội dung yêu cầu"); font.bold: true }
            TextField { id: request; Layout.fillWidth: true; implicitHeight: 48 }
            BigButton {
                objectName: "createDossier"
                text: qsTr("Mở hồ sơ")
                enabled: !root.model.busy && root.model.procedureIndex >= 0
                onClicked: root.model.create(request.text)
            }
            Label {
                objectName: "dossierCode"
                visible: root.model.dossierCode !== ""
                text: qsTr("Mã hồ sơ: %1").arg(root.model.dossierCode)
                font.pixelSize: 22
                font.bold: true
                color: "#1b5e20"
            }
            Label { text: root.model.message; visible: text !== ""; wrapMode: Text.WordWrap; Layout.fillWidth: true }
            Item { Layout.fillHeight: true }
        }
    }
}
