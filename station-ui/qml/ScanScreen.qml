import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Vanthu.Station

Rectangle {
    id: root
    required property IncomingModel model
    property bool batch: false
    color: "#f7f7f7"

    RowLayout {
        anchors.fill: parent
        anchors.margins: 20
        spacing: 20

        // Left: device, profile, the big button, progress, messages.
        ColumnLayout {
            Layout.preferredWidth: 460
            Layout.maximumWidth: 460
            Layout.fillWidth: false
            Layout.fillHeight: true
            spacing: 14
            Label {
                text: root.batch ? qsTr("Quét theo lô") : qsTr("Quét văn bản đến")
                font.pixelSize: 30
                font.bold: true
            }
            Label { text: qsTr("Máy quét"); font.bold: true }
            RowLayout {
                Layout.fillWidth: true
                Label {
                    objectName: "scannerName"
                    text: root.model.scanner !== "" ? root.model.scanner : qsTr("(đang tìm…)")
                    Layout.fillWidth: true
                    elide: Text.ElideRight
                }
                Button { text: qsTr("Tìm lại"); onClicked: root.model.refreshDevices(); enabled: !root.model.busy }
            }
            Label { text: qsTr("Cấu hình quét"); font.bold: true }
            ComboBox {
                id: profile
                objectName: "profilePicker"
                Layout.fillWidth: true
                implicitHeight: 52
                model: [qsTr("Mặc định của máy (mặt kính, 300 dpi)")].concat(root.model.profiles)
            }
            RowLayout {
                visible: root.batch
                Label { text: qsTr("Số trang tối đa") }
                SpinBox { id: batchPages; from: 1; to: 500; value: 20; editable: true }
            }
            BigButton {
                objectName: root.batch ? "batchScanButton" : "scanButton"
                text: root.model.busy ? qsTr("Đang quét…") : qsTr("QUÉT")
                enabled: !root.model.busy && root.model.scanner !== ""
                Layout.fillWidth: true
                implicitHeight: 110
                font.pixelSize: 34
                tint: "#1b7f3b"
                onClicked: root.batch ? root.model.scanBatch(batchPages.value)
                                      : root.model.scan(profile.currentIndex > 0 ? profile.currentText : "")
            }
            Button {
                objectName: "cancelScan"
                text: qsTr("Dừng")
                visible: root.model.busy
                Layout.fillWidth: true
                implicitHeight: 52
                onClicked: root.model.cancel()
            }
            ColumnLayout {
                visible: root.model.busy || root.model.stepText !== ""
                Layout.fillWidth: true
                Label { objectName: "scanStep"; text: root.model.stepText; wrapMode: Text.WordWrap; Layout.fillWidth: true }
                // No indeterminate bar while the feeder's page count is unknown: its endless animation
                // redrew the whole window 60 times a second for the length of the batch (CPU the
                // scan and OCR need). The count of pages received moves instead.
                ProgressBar {
                    visible: root.model.progressTotal > 0
                    Layout.fillWidth: true
                    value: root.model.progressTotal > 0 ? root.model.progressCurrent / root.model.progressTotal : 0
                }
                Label { text: qsTr("Đã nhận %1 trang").arg(root.model.pagesArrived) }
            }
            // Scanner states with what to do.
            Pane {
                objectName: "scanError"
                visible: root.model.errorTitle !== ""
                Layout.fillWidth: true
                background: Rectangle { color: "#fdecea"; radius: 8; border.color: "#e0a3a0" }
                ColumnLayout {
                    anchors.fill: parent
                    Label { text: root.model.errorTitle; font.bold: true; font.pixelSize: 20; color: "#8b1a1a"; wrapMode: Text.WordWrap; Layout.fillWidth: true }
                    Label { text: root.model.errorHint; wrapMode: Text.WordWrap; Layout.fillWidth: true }
                    Button { text: qsTr("Đã hiểu"); onClicked: root.model.clearError() }
                }
            }
            Item { Layout.fillHeight: true }
        }

        // Right: pages as they arrive (placeholders until the batch is read).
        Rectangle {
            Layout.fillWidth: true
            Layout.fillHeight: true
            color: "white"
            radius: 8
            border.color: "#ddd"
            Label {
                anchors.centerIn: parent
                visible: grid.count === 0
                text: qsTr("Đặt văn bản lên mặt kính hoặc khay nạp rồi bấm QUÉT.\nCác trang sẽ hiện ở đây.")
                horizontalAlignment: Text.AlignHCenter
                color: "#666"
            }
            GridView {
                id: grid
                objectName: "thumbnails"
                anchors.fill: parent
                anchors.margins: 12
                clip: true
                cellWidth: 190
                cellHeight: 260
                // One row per page as it arrives, then the read pages (rows inserted, never reset);
                // thumbnails are made on the thumbnail thread, never decoded on the GUI thread.
                model: root.model.pageModel
                delegate: Item {
                    id: cell
                    required property int index
                    required property string thumbnail
                    required property bool blank
                    width: grid.cellWidth
                    height: grid.cellHeight
                    Rectangle {
                        anchors.fill: parent
                        anchors.margins: 6
                        color: "#eef1f5"
                        border.color: "#c5ccd6"
                        Image {
                            anchors.fill: parent
                            anchors.margins: 4
                            anchors.bottomMargin: 28
                            fillMode: Image.PreserveAspectFit
                            asynchronous: true
                            objectName: "thumbnail-" + cell.index
                            source: cell.thumbnail
                        }
                        // A still placeholder (a spinning one would redraw the window all batch long).
                        Label {
                            anchors.centerIn: parent
                            visible: cell.thumbnail === ""
                            text: "…"
                            font.pixelSize: 40
                            color: "#8a94a3"
                        }
                        Label {
                            visible: cell.blank
                            anchors.centerIn: parent
                            text: qsTr("TRANG TRẮNG")
                            font.pixelSize: 13
                            font.bold: true
                            color: "white"
                            padding: 3
                            background: Rectangle { color: "#b35c00"; radius: 3 }
                        }
                        Label {
                            anchors.bottom: parent.bottom
                            anchors.horizontalCenter: parent.horizontalCenter
                            anchors.bottomMargin: 4
                            text: qsTr("Trang %1").arg(cell.index + 1)
                        }
                    }
                }
            }
        }
    }
}
