import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Vanthu.Station

Rectangle {
    id: root
    required property IncomingModel model
    signal next()
    color: "#f3f8f3"

    RowLayout {
        anchors.fill: parent
        anchors.margins: 24
        spacing: 24
        ColumnLayout {
            Layout.preferredWidth: 560
            Layout.maximumWidth: 560
            Layout.fillWidth: false
            Layout.fillHeight: true
            spacing: 16
            Label { text: qsTr("Đã đăng ký văn bản đến"); font.pixelSize: 28; font.bold: true; color: "#1b5e20" }
            Label {
                objectName: "arrivalNumber"
                text: root.model.arrivalText
                font.pixelSize: 48
                font.bold: true
                color: "#8b1a1a"
            }
            Label { text: root.model.resultDetail; wrapMode: Text.WordWrap; Layout.fillWidth: true }
            Item { Layout.fillHeight: true }
            RowLayout {
                BigButton {
                    objectName: "nextDocument"
                    text: root.model.documentCount > 0 ? qsTr("Văn bản tiếp theo (%1)").arg(root.model.documentCount) : qsTr("Quét văn bản mới")
                    onClicked: root.model.documentCount > 0 ? window.show("review") : root.next()
                }
                Button { text: qsTr("Xem sổ đến"); implicitHeight: 64; onClicked: window.show("records") }
            }
        }
        // The caption sits above the page, never on it (the ĐẾN stamp is near the top-left corner).
        ColumnLayout {
            Layout.fillWidth: true
            Layout.fillHeight: true
            spacing: 6
            Label {
                objectName: "stampedCaption"
                text: qsTr("Trang đầu đã đóng dấu ĐẾN")
                font.bold: true
                color: "#1b5e20"
            }
            Rectangle {
                Layout.fillWidth: true
                Layout.fillHeight: true
                color: "#5f6b7a"
                Image {
                    objectName: "stampedPage"
                    anchors.fill: parent
                    anchors.margins: 12
                    fillMode: Image.PreserveAspectFit
                    source: root.model.stampedUrl
                    asynchronous: true
                }
            }
        }
    }
}
