import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Vanthu.Station

Rectangle {
    id: overlay
    objectName: "lockOverlay"
    color: "#e6202833"
    // Swallows input to the screens underneath; they stay as they were.
    MouseArea { anchors.fill: parent; hoverEnabled: true }
    onVisibleChanged: if (visible) { unlockPassword.text = ""; unlockPassword.forceActiveFocus() }

    Pane {
        anchors.centerIn: parent
        width: 520
        padding: 32
        background: Rectangle { color: "white"; radius: 12 }
        ColumnLayout {
            anchors.fill: parent
            spacing: 14
            Label { text: qsTr("Màn hình đã khóa"); font.pixelSize: 28; font.bold: true }
            Label {
                text: qsTr("%1 — nhập mật khẩu để tiếp tục đúng chỗ đang làm.").arg(AppState.fullName)
                wrapMode: Text.WordWrap
                Layout.fillWidth: true
            }
            TextField {
                id: unlockPassword
                objectName: "unlockPassword"
                echoMode: TextInput.Password
                placeholderText: qsTr("Mật khẩu")
                Layout.fillWidth: true
                implicitHeight: 52
                onAccepted: AppState.unlock(text)
            }
            Label { text: AppState.loginError; color: "#b00020"; wrapMode: Text.WordWrap; Layout.fillWidth: true; visible: text !== "" }
            RowLayout {
                BigButton { objectName: "unlockButton"; text: qsTr("Mở khóa"); enabled: !AppState.busy; onClicked: AppState.unlock(unlockPassword.text) }
                Button { text: qsTr("Đăng xuất"); implicitHeight: 64; onClicked: AppState.logout() }
            }
        }
    }
}
