import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Vanthu.Station

Rectangle {
    color: "#f4efe6"

    ColumnLayout {
        anchors.centerIn: parent
        width: 560
        spacing: 16

        Label {
            text: qsTr("TRẠM VĂN THƯ")
            font.pixelSize: 40
            font.bold: true
            color: "#8b1a1a"
            Layout.alignment: Qt.AlignHCenter
        }
        Label {
            text: AppState.agencyName
            font.pixelSize: 22
            Layout.alignment: Qt.AlignHCenter
            horizontalAlignment: Text.AlignHCenter
            wrapMode: Text.WordWrap
            Layout.fillWidth: true
        }
        Label {
            visible: !AppState.ready
            text: AppState.setupError !== "" ? qsTr("Không khởi tạo được trạm: ") + AppState.setupError
                                             : qsTr("Đang chuẩn bị trạm (sổ đăng ký, khóa ký, máy quét)…")
            color: AppState.setupError !== "" ? "#b00020" : "#333"
            wrapMode: Text.WordWrap
            Layout.fillWidth: true
        }
        BusyIndicator { running: AppState.busy; visible: running; Layout.alignment: Qt.AlignHCenter }

        Pane {
            visible: AppState.ready
            Layout.fillWidth: true
            padding: 28
            background: Rectangle { color: "white"; radius: 12; border.color: "#d8cfc0" }
            ColumnLayout {
                anchors.fill: parent
                spacing: 12
                Label {
                    text: AppState.needsFirstAdmin ? qsTr("Lần đầu sử dụng: tạo tài khoản quản trị")
                                                   : qsTr("Đăng nhập")
                    font.pixelSize: 24
                    font.bold: true
                    wrapMode: Text.WordWrap
                    Layout.fillWidth: true
                }
                TextField {
                    id: user
                    objectName: "loginUser"
                    placeholderText: qsTr("Tên đăng nhập")
                    Layout.fillWidth: true
                    implicitHeight: 52
                    focus: true
                    onAccepted: (AppState.needsFirstAdmin ? fullName : password).forceActiveFocus()
                }
                TextField {
                    id: fullName
                    objectName: "loginFullName"
                    visible: AppState.needsFirstAdmin
                    placeholderText: qsTr("Họ và tên")
                    Layout.fillWidth: true
                    implicitHeight: 52
                    onAccepted: password.forceActiveFocus()
                }
                TextField {
                    id: password
                    objectName: "loginPassword"
                    placeholderText: AppState.needsFirstAdmin ? qsTr("Mật khẩu (ít nhất 10 ký tự)") : qsTr("Mật khẩu")
                    echoMode: TextInput.Password
                    Layout.fillWidth: true
                    implicitHeight: 52
                    onAccepted: go()
                }
                Label {
                    objectName: "loginError"
                    text: AppState.loginError
                    color: "#b00020"
                    wrapMode: Text.WordWrap
                    Layout.fillWidth: true
                    visible: text !== ""
                }
                BigButton {
                    objectName: "loginButton"
                    text: AppState.needsFirstAdmin ? qsTr("Tạo tài khoản") : qsTr("Đăng nhập")
                    enabled: !AppState.busy && user.text !== "" && password.text !== ""
                    Layout.fillWidth: true
                    onClicked: go()
                }
            }
        }
        Label {
            text: qsTr("Ngôn ngữ / Language:")
            Layout.alignment: Qt.AlignHCenter
        }
        RowLayout {
            Layout.alignment: Qt.AlignHCenter
            Button { text: "Tiếng Việt"; checkable: true; checked: AppState.language === "vi"; onClicked: AppState.setLanguage("vi") }
            Button { text: "English"; checkable: true; checked: AppState.language === "en"; onClicked: AppState.setLanguage("en") }
        }
    }

    function go() {
        if (AppState.needsFirstAdmin)
            AppState.createFirstAdmin(user.text, fullName.text, password.text)
        else
            AppState.login(user.text, password.text)
    }
    Connections {
        target: AppState
        function onUserChanged() { password.text = ""; if (!AppState.signedIn) { user.text = ""; user.forceActiveFocus() } }
    }
}
