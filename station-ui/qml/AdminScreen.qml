import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Vanthu.Station

Rectangle {
    id: root
    required property AdminModel model
    color: "#f7f7f7"

    RowLayout {
        anchors.fill: parent
        anchors.margins: 16
        spacing: 16
        ColumnLayout {
            Layout.fillWidth: true
            Layout.fillHeight: true
            Label { text: qsTr("Tài khoản"); font.pixelSize: 26; font.bold: true }
            ListView {
                id: users
                objectName: "userList"
                Layout.fillWidth: true
                Layout.fillHeight: true
                clip: true
                model: root.model.users
                spacing: 4
                delegate: Rectangle {
                    required property var modelData
                    width: users.width
                    height: 56
                    radius: 6
                    color: modelData.disabled ? "#eeeeee" : "white"
                    border.color: "#ddd"
                    RowLayout {
                        anchors.fill: parent
                        anchors.margins: 8
                        Label { text: modelData.fullName; font.bold: true; Layout.preferredWidth: 260; elide: Text.ElideRight }
                        Label { text: modelData.user; Layout.preferredWidth: 140 }
                        Label { text: modelData.role; Layout.fillWidth: true }
                        Label { text: modelData.locked ? qsTr("đang khóa") : ""; color: "#b00020" }
                        Button {
                            text: modelData.disabled ? qsTr("Bật lại") : qsTr("Vô hiệu hóa")
                            enabled: modelData.user !== AppState.userName
                            onClicked: root.model.setDisabled(modelData.user, !modelData.disabled)
                        }
                    }
                }
            }
            Label { text: qsTr("Thêm tài khoản"); font.bold: true; font.pixelSize: 18 }
            GridLayout {
                columns: 3
                Layout.fillWidth: true
                TextField { id: newUser; objectName: "newUser"; placeholderText: qsTr("Tên đăng nhập"); Layout.fillWidth: true }
                TextField { id: newName; placeholderText: qsTr("Họ và tên"); Layout.fillWidth: true }
                ComboBox {
                    id: newRole
                    Layout.fillWidth: true
                    textRole: "label"
                    valueRole: "key"
                    model: [
                        { key: "van-thu", label: qsTr("Văn thư") },
                        { key: "mot-cua", label: qsTr("Bộ phận một cửa") },
                        { key: "luu-tru", label: qsTr("Lưu trữ") },
                        { key: "lanh-dao", label: qsTr("Lãnh đạo") },
                        { key: "chuyen-vien", label: qsTr("Chuyên viên") },
                        { key: "quan-tri", label: qsTr("Quản trị") }
                    ]
                }
                TextField { id: newPass; placeholderText: qsTr("Mật khẩu (ít nhất 10 ký tự)"); echoMode: TextInput.Password; Layout.fillWidth: true; Layout.columnSpan: 2 }
                Button {
                    text: qsTr("Thêm")
                    Layout.fillWidth: true
                    enabled: newUser.text !== "" && newPass.text !== ""
                    onClicked: root.model.addUser(newUser.text, newName.text, newRole.currentValue, newPass.text)
                }
            }
            Label { text: root.model.message; visible: text !== ""; wrapMode: Text.WordWrap; Layout.fillWidth: true }
            Connections { target: root.model; function onUserAdded() { newUser.text = ""; newName.text = ""; newPass.text = "" } }
        }
        ColumnLayout {
            Layout.preferredWidth: 620
            Layout.fillHeight: true
            spacing: 8
            Label { text: qsTr("Thiết bị"); font.pixelSize: 22; font.bold: true }
            Label { text: qsTr("Máy quét: %1").arg(root.model.scanner); wrapMode: Text.WrapAnywhere; Layout.fillWidth: true }
            Label { text: qsTr("Chứng thư số và con dấu"); font.pixelSize: 22; font.bold: true; topPadding: 12 }
            Repeater {
                model: root.model.certificates
                delegate: ColumnLayout {
                    required property var modelData
                    Layout.fillWidth: true
                    spacing: 0
                    Label { text: modelData.key; font.bold: true }
                    Label { text: modelData.value; wrapMode: Text.WrapAnywhere; Layout.fillWidth: true; font.pixelSize: 14 }
                }
            }
            Label { text: qsTr("Cấu hình"); font.pixelSize: 22; font.bold: true; topPadding: 12 }
            Repeater {
                model: root.model.settings
                delegate: RowLayout {
                    required property var modelData
                    Layout.fillWidth: true
                    Label { text: modelData.key; font.bold: true; Layout.preferredWidth: 230; Layout.minimumWidth: 230 }
                    Label { text: modelData.value; wrapMode: Text.WrapAnywhere; Layout.fillWidth: true; font.pixelSize: 14 }
                }
            }
            RowLayout {
                Label { text: qsTr("Tự khóa sau (giây, 0 = không)") }
                SpinBox {
                    objectName: "idleLockSpin"
                    from: 0; to: 7200; stepSize: 60; editable: true
                    value: AppState.idleLockSeconds
                    onValueModified: AppState.idleLockSeconds = value
                }
            }
            Item { Layout.fillHeight: true }
        }
    }
}
