import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Vanthu.Station

Rectangle {
    id: root
    required property RecordsModel model
    color: "#f7f7f7"

    RowLayout {
        anchors.fill: parent
        anchors.margins: 16
        spacing: 16
        ColumnLayout {
            Layout.fillWidth: true
            Layout.fillHeight: true
            RowLayout {
                Layout.fillWidth: true
                TabBar {
                    id: tabs
                    currentIndex: root.model.book === "outgoing" ? 1 : 0
                    TabButton {
                        objectName: "book-incoming"
                        text: qsTr("Sổ văn bản đến")
                        width: implicitWidth + 24
                        onClicked: root.model.book = "incoming"
                        // The chosen book stands out (Basic's own tab colours read the other way round).
                        contentItem: Label { text: parent.text; font: parent.font; color: parent.checked ? "white" : "#333"; horizontalAlignment: Text.AlignHCenter; verticalAlignment: Text.AlignVCenter }
                        background: Rectangle { color: parent.checked ? "#8b1a1a" : "#e4e8ee"; radius: 4 }
                    }
                    TabButton {
                        objectName: "book-outgoing"
                        text: qsTr("Sổ văn bản đi")
                        width: implicitWidth + 24
                        onClicked: root.model.book = "outgoing"
                        // The chosen book stands out (Basic's own tab colours read the other way round).
                        contentItem: Label { text: parent.text; font: parent.font; color: parent.checked ? "white" : "#333"; horizontalAlignment: Text.AlignHCenter; verticalAlignment: Text.AlignVCenter }
                        background: Rectangle { color: parent.checked ? "#8b1a1a" : "#e4e8ee"; radius: 4 }
                    }
                }
                TextField {
                    objectName: "recordsSearch"
                    placeholderText: qsTr("Tìm theo số, ký hiệu, cơ quan, trích yếu (không cần dấu)")
                    Layout.fillWidth: true
                    implicitHeight: 48
                    onTextEdited: searchDelay.restart()
                    Timer { id: searchDelay; interval: 300; onTriggered: root.model.search = parent.text }
                }
            }
            Rectangle {
                Layout.fillWidth: true
                implicitHeight: 40
                color: "#e4e8ee"
                RowLayout {
                    anchors.fill: parent
                    anchors.leftMargin: 8
                    Label { text: root.model.book === "outgoing" ? qsTr("Số đi") : qsTr("Số đến"); font.bold: true; Layout.preferredWidth: 90 }
                    Label { text: qsTr("Ngày"); font.bold: true; Layout.preferredWidth: 110 }
                    Label { text: qsTr("Số, ký hiệu"); font.bold: true; Layout.preferredWidth: 160 }
                    Label { text: qsTr("Cơ quan ban hành"); font.bold: true; Layout.preferredWidth: 220 }
                    Label { text: qsTr("Trích yếu"); font.bold: true; Layout.fillWidth: true }
                }
            }
            ListView {
                id: list
                objectName: "recordsList"
                Layout.fillWidth: true
                Layout.fillHeight: true
                clip: true
                model: root.model.rows
                delegate: Rectangle {
                    required property var modelData
                    width: list.width
                    height: 52
                    color: root.model.detail.id === modelData.id ? "#ffe9a8" : (mouse.containsMouse ? "#eef3fb" : "white")
                    border.color: "#e6e6e6"
                    RowLayout {
                        anchors.fill: parent
                        anchors.leftMargin: 8
                        Label { text: modelData.number; Layout.preferredWidth: 90; font.bold: true }
                        Label { text: modelData.date; Layout.preferredWidth: 110 }
                        Label { text: modelData.symbol; Layout.preferredWidth: 160; elide: Text.ElideRight }
                        Label { text: modelData.issuer; Layout.preferredWidth: 220; elide: Text.ElideRight }
                        Label { text: modelData.subject; Layout.fillWidth: true; elide: Text.ElideRight }
                    }
                    MouseArea { id: mouse; anchors.fill: parent; hoverEnabled: true; onClicked: root.model.select(modelData.id) }
                }
                Label {
                    anchors.centerIn: parent
                    visible: list.count === 0
                    text: root.model.busy ? qsTr("Đang tải…") : qsTr("Không có văn bản nào")
                    color: "#666"
                }
            }
        }
        Pane {
            Layout.preferredWidth: 440
            Layout.fillHeight: true
            background: Rectangle { color: "white"; border.color: "#ddd"; radius: 8 }
            ColumnLayout {
                anchors.fill: parent
                spacing: 8
                Label { text: qsTr("Chi tiết"); font.pixelSize: 22; font.bold: true }
                Label { visible: !root.model.detail.id; text: qsTr("Chọn một dòng để xem chi tiết và lịch sử."); color: "#666"; wrapMode: Text.WordWrap; Layout.fillWidth: true }
                GridLayout {
                    visible: !!root.model.detail.id
                    columns: 2
                    Layout.fillWidth: true
                    Label { text: qsTr("Số"); font.bold: true }
                    Label { text: root.model.detail.number || ""; Layout.fillWidth: true }
                    Label { text: qsTr("Số, ký hiệu"); font.bold: true }
                    Label { text: root.model.detail.symbol || ""; Layout.fillWidth: true; wrapMode: Text.WordWrap }
                    Label { text: qsTr("Cơ quan"); font.bold: true }
                    Label { text: root.model.detail.issuer || ""; Layout.fillWidth: true; wrapMode: Text.WordWrap }
                    Label { text: qsTr("Trích yếu"); font.bold: true }
                    Label { text: root.model.detail.subject || ""; Layout.fillWidth: true; wrapMode: Text.WordWrap }
                    Label { text: qsTr("Hạn xử lý"); font.bold: true; visible: !!root.model.detail.due }
                    Label { text: root.model.detail.due || ""; visible: !!root.model.detail.due }
                    Label { text: qsTr("Người nhập"); font.bold: true }
                    Label { text: root.model.detail.createdBy || "" }
                }
                Label { visible: !!root.model.detail.id; text: qsTr("Lịch sử (nhật ký kiểm tra)"); font.bold: true; topPadding: 8 }
                ListView {
                    objectName: "historyList"
                    Layout.fillWidth: true
                    Layout.fillHeight: true
                    clip: true
                    model: root.model.history
                    delegate: Label {
                        required property var modelData
                        width: ListView.view.width
                        text: modelData.at.replace("T", " ").substring(0, 16) + " · " + modelData.actor + " · " + modelData.action
                              + (modelData.detail !== "" ? "\n" + modelData.detail : "")
                        wrapMode: Text.Wrap   // long hashes and paths break anywhere rather than run off
                        font.pixelSize: 14
                        bottomPadding: 6
                    }
                }
            }
        }
    }
}
