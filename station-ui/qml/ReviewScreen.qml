import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Vanthu.Station

Rectangle {
    id: root
    required property IncomingModel model
    signal back()
    color: "#f7f7f7"
    property int page: 0
    property real zoom: 1.0
    property string fieldError: ""

    Connections {
        target: root.model
        function onCaptured() { root.page = 0; root.zoom = 1.0; focusFirst.restart() }
    }
    Timer { id: focusFirst; interval: 50; onTriggered: { if (fieldRepeater.count > 0) fieldRepeater.itemAt(0).edit.forceActiveFocus() } }

    // Zooms the page view to where a field was read (workflow reports the region in pixels of the
    // cleaned page); a field not read from a page shows the whole first page.
    function zoomToField(name) {
        var region = root.model.fieldRegion(name)
        if (region.page === undefined) {
            root.page = 0
            root.zoom = 1.0
            flick.contentX = 0
            flick.contentY = 0
            return
        }
        root.page = region.page
        // The painted page inside the Image at zoom z: fit scale s(z) = min(W*z/pw, H*z/ph).
        var fit = Math.min(flick.width / region.pageWidth, flick.height / region.pageHeight)
        var want = Math.min(flick.width / (region.width + 160), flick.height / (region.height + 160))
        root.zoom = Math.max(1.0, Math.min(6.0, want / fit))
        root.zoomTarget = region
        zoomApply.restart()
    }
    property var zoomTarget: ({})
    onPageChanged: if (zoomTarget.page !== page) highlight.visible = false
    Timer {
        id: zoomApply
        interval: 0
        onTriggered: {
            var r = root.zoomTarget
            var s = pageImage.paintedWidth / r.pageWidth
            var ox = (pageImage.width - pageImage.paintedWidth) / 2
            var oy = (pageImage.height - pageImage.paintedHeight) / 2
            var cx = ox + (r.x + r.width / 2) * s
            var cy = oy + (r.y + r.height / 2) * s
            flick.contentX = Math.max(0, Math.min(flick.contentWidth - flick.width, cx - flick.width / 2))
            flick.contentY = Math.max(0, Math.min(flick.contentHeight - flick.height, cy - flick.height / 2))
            highlight.visible = true
        }
    }

    RowLayout {
        anchors.fill: parent
        anchors.margins: 16
        spacing: 16

        // The page with its tools.
        ColumnLayout {
            Layout.fillHeight: true
            Layout.fillWidth: false
            // root.width, not the layout's own width: a size that depends on the layout loops its polish.
            Layout.preferredWidth: Math.round(root.width * 0.5)
            Layout.maximumWidth: Math.round(root.width * 0.5)
            RowLayout {
                Label {
                    text: qsTr("Văn bản %1/%2 · trang %3/%4").arg(root.model.currentDocument + 1).arg(root.model.documentCount)
                                                           .arg(root.page + 1).arg(root.model.pageUrls.length)
                    font.bold: true
                    Layout.fillWidth: true
                }
                ToolButton { text: "−"; font.pixelSize: 22; onClicked: root.zoom = Math.max(0.5, root.zoom / 1.25) }
                ToolButton { text: "+"; font.pixelSize: 22; onClicked: root.zoom = Math.min(5, root.zoom * 1.25) }
                ToolButton { text: qsTr("Vừa trang"); onClicked: { root.zoom = 1.0; highlight.visible = false } }
            }
            Rectangle {
                Layout.fillWidth: true
                Layout.fillHeight: true
                color: "#5f6b7a"
                clip: true
                Flickable {
                    id: flick
                    objectName: "pageView"
                    anchors.fill: parent
                    contentWidth: Math.max(width, pageImage.width)
                    contentHeight: Math.max(height, pageImage.height)
                    Image {
                        id: pageImage
                        objectName: "pageImage"
                        fillMode: Image.PreserveAspectFit
                        width: flick.width * root.zoom
                        height: flick.height * root.zoom
                        asynchronous: true
                        sourceSize.width: 1400
                        source: root.page < root.model.pageUrls.length ? root.model.pageUrls[root.page] : ""
                    }
                    // The zoomed field's region, outlined on the page.
                    Rectangle {
                        id: highlight
                        objectName: "fieldHighlight"
                        visible: false
                        readonly property real s: pageImage.paintedWidth / Math.max(1, root.zoomTarget.pageWidth || 1)
                        x: (pageImage.width - pageImage.paintedWidth) / 2 + (root.zoomTarget.x || 0) * s - 6
                        y: (pageImage.height - pageImage.paintedHeight) / 2 + (root.zoomTarget.y || 0) * s - 6
                        width: (root.zoomTarget.width || 0) * s + 12
                        height: (root.zoomTarget.height || 0) * s + 12
                        color: "transparent"
                        border.color: "#f08c00"
                        border.width: 3
                        radius: 4
                    }
                }
            }
            ListView {
                id: strip
                objectName: "pageStrip"
                Layout.fillWidth: true
                Layout.preferredHeight: 130
                orientation: ListView.Horizontal
                spacing: 6
                clip: true
                // The thumbnails of the scan screen (made off the GUI thread; a field correction
                // changes no row, so the strip is not rebuilt).
                model: root.model.pageModel
                delegate: Rectangle {
                    required property int index
                    required property string thumbnail
                    required property bool blank
                    width: 90
                    height: 124
                    color: index === root.page ? "#ffe9a8" : "white"
                    border.color: index === root.page ? "#d49b00" : "#ccc"
                    Image { anchors.fill: parent; anchors.margins: 4; anchors.bottomMargin: 20; source: thumbnail; fillMode: Image.PreserveAspectFit; asynchronous: true; sourceSize.width: 160 }
                    Label { anchors.bottom: parent.bottom; anchors.horizontalCenter: parent.horizontalCenter; text: index + 1; font.pixelSize: 14 }
                    Label {
                        objectName: "blankBadge-" + index
                        visible: blank
                        anchors.centerIn: parent
                        text: qsTr("TRANG TRẮNG")
                        font.pixelSize: 11
                        font.bold: true
                        color: "white"
                        padding: 3
                        background: Rectangle { color: "#b35c00"; radius: 3 }
                    }
                    MouseArea { anchors.fill: parent; onClicked: root.page = index }
                }
            }
            // A grid, not a Flow: a Flow's height follows its width, which makes the layout loop.
            GridLayout {
                Layout.fillWidth: true
                columns: 4
                columnSpacing: 6
                rowSpacing: 6
                Button { Layout.fillWidth: true; objectName: "rotateLeft"; text: qsTr("Xoay trái"); onClicked: root.model.rotatePage(root.page, false) }
                Button { Layout.fillWidth: true; objectName: "rotateRight"; text: qsTr("Xoay phải"); onClicked: root.model.rotatePage(root.page, true) }
                Button { Layout.fillWidth: true; text: qsTr("◀ Chuyển lên"); enabled: root.page > 0; onClicked: if (root.model.movePage(root.page, root.page - 1)) root.page-- }
                Button { Layout.fillWidth: true; text: qsTr("Chuyển xuống ▶"); enabled: root.page + 1 < root.model.pageUrls.length; onClicked: if (root.model.movePage(root.page, root.page + 1)) root.page++ }
                Button { Layout.fillWidth: true; objectName: "deletePage"; text: qsTr("Xóa trang"); enabled: root.model.pageUrls.length > 1; onClicked: { root.model.deletePage(root.page); root.page = Math.max(0, Math.min(root.page, root.model.pageUrls.length - 1)) } }
                Button { Layout.fillWidth: true; text: qsTr("Tách sau trang này"); enabled: root.page + 1 < root.model.pageUrls.length; onClicked: root.model.splitAfter(root.page) }
                Button {
                    Layout.fillWidth: true
                    objectName: "restoreBlank"
                    text: qsTr("Không phải trang trắng")
                    enabled: root.page < root.model.pageBlank.length && root.model.pageBlank[root.page]
                    onClicked: root.model.restoreBlankPage(root.page)
                }
                Button { Layout.fillWidth: true; text: qsTr("Gộp văn bản sau"); enabled: root.model.currentDocument + 1 < root.model.documentCount; onClicked: root.model.mergeWithNext() }
            }
        }

        // The fields.
        ColumnLayout {
            Layout.fillWidth: true
            Layout.fillHeight: true
            spacing: 8
            Label { text: qsTr("Kiểm tra thông tin văn bản"); font.pixelSize: 26; font.bold: true }
            Label {
                text: qsTr("Tab hoặc Enter: sang trường sau · Ctrl+Enter: Đăng ký · Trường tô cam: độ tin cậy thấp, bấm để phóng to vùng ảnh")
                wrapMode: Text.WordWrap
                Layout.fillWidth: true
                color: "#555"
                font.pixelSize: 14
            }
            Repeater {
                model: root.model.duplicates
                delegate: Pane {
                    required property var modelData
                    objectName: "duplicateWarning"
                    Layout.fillWidth: true
                    background: Rectangle { color: "#fff3cd"; border.color: "#e0c060"; radius: 6 }
                    RowLayout {
                        anchors.fill: parent
                        Label { text: "⚠ " + modelData.text; wrapMode: Text.WordWrap; Layout.fillWidth: true }
                        Button {
                            text: qsTr("Xem bản đã đăng ký")
                            onClicked: { window.recordsModel.book = "incoming"; window.show("records"); window.recordsModel.select(modelData.id) }
                        }
                    }
                }
            }
            ScrollView {
                id: fieldScroll
                Layout.fillWidth: true
                Layout.fillHeight: true
                clip: true
                contentWidth: availableWidth
                ColumnLayout {
                    width: fieldScroll.availableWidth
                    spacing: 4
                    Repeater {
                        id: fieldRepeater
                        model: root.model.fieldModel
                        delegate: Rectangle {
                            id: row
                            required property int index
                            required property string name
                            required property string label
                            required property string value
                            required property real confidence
                            required property bool low
                            required property bool mandatory
                            required property bool corrected
                            required property bool pending
                            property var modelData: ({ name: name, label: label, value: value, confidence: confidence, low: low, required: mandatory, corrected: corrected, pending: pending })
                            property alias edit: edit
                            Layout.fillWidth: true
                            implicitHeight: 62
                            radius: 6
                            color: modelData.low ? "#ffe3c2" : (edit.activeFocus ? "#e8f1ff" : "white")
                            border.color: modelData.low ? "#f08c00" : "#dde"
                            RowLayout {
                                anchors.fill: parent
                                anchors.leftMargin: 10
                                anchors.rightMargin: 10
                                spacing: 8
                                Label {
                                    text: row.modelData.label + (row.modelData.required ? " *" : "")
                                    Layout.preferredWidth: 230
                                    wrapMode: Text.WordWrap
                                    font.pixelSize: 15
                                    maximumLineCount: 2
                                    elide: Text.ElideRight
                                    MouseArea { objectName: "fieldLabel-" + row.modelData.name; anchors.fill: parent; onClicked: root.zoomToField(row.modelData.name) }
                                }
                                TextField {
                                    id: edit
                                    objectName: "field-" + row.modelData.name
                                    text: row.modelData.value
                                    // The signer and "Nơi nhận" follow the header (read in the background).
                                    placeholderText: row.modelData.pending ? qsTr("đang đọc…") : ""
                                    Layout.fillWidth: true
                                    implicitHeight: 48
                                    selectByMouse: true
                                    onActiveFocusChanged: if (activeFocus && row.modelData.low) root.zoomToField(row.modelData.name)
                                    function commitValue() {
                                        if (text !== row.modelData.value)
                                            root.fieldError = root.model.setField(row.modelData.name, text)
                                    }
                                    onEditingFinished: commitValue()
                                    // Typed into before the late reading came: the clerk's value, which that reading keeps.
                                    onTextEdited: if (row.modelData.pending) commitValue()
                                    Keys.onReturnPressed: (event) => {
                                        if (event.modifiers & Qt.ControlModifier) { commitValue(); registerButton.clicked(); return }
                                        commitValue()
                                        nextItemInFocusChain(true).forceActiveFocus()
                                    }
                                    Keys.onEnterPressed: (event) => Keys.returnPressed(event)
                                }
                                Label {
                                    text: row.modelData.corrected ? qsTr("đã sửa") : row.modelData.pending ? "…" : Math.round(row.modelData.confidence) + "%"
                                    color: row.modelData.low ? "#b35c00" : "#2d6a2d"
                                    font.bold: true
                                    Layout.preferredWidth: 64
                                    horizontalAlignment: Text.AlignRight
                                }
                            }
                        }
                    }
                }
            }
            Label { objectName: "fieldError"; text: root.fieldError; color: "#b00020"; visible: text !== ""; wrapMode: Text.WordWrap; Layout.fillWidth: true }
            Label { objectName: "reviewError"; text: root.model.errorTitle + (root.model.errorHint !== "" ? ": " + root.model.errorHint : ""); color: "#b00020"; visible: root.model.errorTitle !== ""; wrapMode: Text.WordWrap; Layout.fillWidth: true }
            Repeater {
                model: root.model.warnings
                delegate: Label { required property string modelData; text: "• " + modelData; color: "#7a5b00"; wrapMode: Text.WordWrap; Layout.fillWidth: true; font.pixelSize: 14 }
            }
            RowLayout {
                Layout.fillWidth: true
                Button { text: qsTr("Quét lại"); implicitHeight: 64; onClicked: root.back() }
                Item { Layout.fillWidth: true }
                Label { text: root.model.busy ? root.model.stepText : ""; elide: Text.ElideRight; Layout.maximumWidth: 300 }
                BigButton {
                    id: registerButton
                    objectName: "registerButton"
                    text: qsTr("ĐĂNG KÝ (vào sổ đến)")
                    enabled: !root.model.busy && root.model.hasDraft
                    tint: "#8b1a1a"
                    onClicked: root.model.registerDocument()
                }
            }
        }
    }
}
