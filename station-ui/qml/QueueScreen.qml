import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Vanthu.Station

Rectangle {
    id: root
    required property QueueModel model
    color: "#f7f7f7"

    RowLayout {
        anchors.fill: parent
        anchors.margins: 16
        spacing: 16
        ColumnLayout {
            Layout.fillWidth: true
            Layout.fillHeight: true
            Label { text: qsTr("Hàng đợi gửi trục liên thông"); font.pixelSize: 26; font.bold: true }
            RowLayout {
                Label { text: qsTr("Chờ gửi: %1").arg(root.model.pending); font.pixelSize: 18 }
                Label { text: qsTr("Đã gửi: %1").arg(root.model.sent); font.pixelSize: 18; leftPadding: 16 }
                Label { text: qsTr("Lỗi: %1").arg(root.model.dead); font.pixelSize: 18; color: root.model.dead > 0 ? "#b00020" : "black"; leftPadding: 16 }
                Item { Layout.fillWidth: true }
                Button { text: qsTr("Gửi lại tất cả mục lỗi"); enabled: root.model.dead > 0; onClicked: root.model.retry(-1) }
                Button { text: qsTr("Làm mới"); onClicked: root.model.reload() }
            }
            Label { text: root.model.message; visible: text !== ""; color: "#555" }
            ListView {
                id: items
                objectName: "queueList"
                Layout.fillWidth: true
                Layout.fillHeight: true
                clip: true
                model: root.model.items
                spacing: 4
                delegate: Rectangle {
                    required property var modelData
                    width: items.width
                    height: 64
                    radius: 6
                    color: modelData.state === "dead" ? "#fdecea" : modelData.state === "sent" ? "#eef7ee" : "white"
                    border.color: "#ddd"
                    RowLayout {
                        anchors.fill: parent
                        anchors.margins: 8
                        ColumnLayout {
                            Layout.fillWidth: true
                            spacing: 2
                            Label { text: modelData.documentId; font.bold: true; elide: Text.ElideRight; Layout.fillWidth: true }
                            Label {
                                text: modelData.kind + " · " + modelData.created.replace("T", " ").substring(0, 16)
                                      + (modelData.attempts > 0 ? qsTr(" · %1 lần thử").arg(modelData.attempts) : "")
                                      + (modelData.lastError !== "" ? " · " + modelData.lastError : "")
                                font.pixelSize: 14
                                color: "#555"
                                elide: Text.ElideRight
                                Layout.fillWidth: true
                            }
                        }
                        Label { text: modelData.stateName; Layout.preferredWidth: 200; horizontalAlignment: Text.AlignRight }
                        Button { text: qsTr("Gửi lại"); visible: modelData.state === "dead"; onClicked: root.model.retry(modelData.id) }
                    }
                }
                Label { anchors.centerIn: parent; visible: items.count === 0; text: qsTr("Hàng đợi trống"); color: "#666" }
            }
        }
        ColumnLayout {
            Layout.preferredWidth: 460
            Layout.fillHeight: true
            Label { text: qsTr("Văn bản quá hạn"); font.pixelSize: 26; font.bold: true }
            ListView {
                id: due
                objectName: "dueList"
                Layout.fillWidth: true
                Layout.fillHeight: true
                clip: true
                model: root.model.due
                spacing: 4
                delegate: Rectangle {
                    required property var modelData
                    width: due.width
                    height: 72
                    radius: 6
                    color: "#fff6e5"
                    border.color: "#f0c36d"
                    ColumnLayout {
                        anchors.fill: parent
                        anchors.margins: 8
                        spacing: 2
                        Label { text: modelData.reference + " · " + modelData.rule; font.bold: true; elide: Text.ElideRight; Layout.fillWidth: true }
                        Label { text: modelData.subject; elide: Text.ElideRight; Layout.fillWidth: true; font.pixelSize: 14 }
                        Label { text: qsTr("Hạn: %1").arg(modelData.dueAt.replace("T", " ").substring(0, 16)); font.pixelSize: 14; color: "#8b1a1a" }
                    }
                }
                Label { anchors.centerIn: parent; visible: due.count === 0; text: qsTr("Không có văn bản quá hạn"); color: "#666" }
            }
        }
    }
}
