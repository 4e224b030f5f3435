import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Vanthu.Station

// Văn bản đi: the signed original → type, series, recipients → preview of the number, the date and
// where the seal goes → token PIN → Sign & send → the number and the signed page.
Rectangle {
    id: root
    required property OutgoingModel model
    color: "#f7f7f7"

    function openPin() {
        pinField.text = ""
        pinDialog.open()
        pinField.forceActiveFocus()
    }

    function askToSign() {
        if (root.model.needsPin) root.openPin()
        else confirmDialog.open()
    }

    Connections {
        target: root.model
        function onPinRejected() { if (!pinDialog.opened) root.openPin(); pinField.text = ""; pinField.forceActiveFocus() }
        function onIssuedDone() { pinDialog.close(); confirmDialog.close() }
        function onFailed() { pinDialog.close() }
    }

    RowLayout {
        anchors.fill: parent
        anchors.margins: 16
        spacing: 16

        // Left: the original, the type, the recipients.
        ColumnLayout {
            Layout.preferredWidth: 430
            Layout.maximumWidth: 430
            Layout.fillWidth: false
            Layout.fillHeight: true
            spacing: 8
            Label { text: qsTr("Ban hành văn bản đi"); font.pixelSize: 28; font.bold: true }
            Label { text: qsTr("1. Bản gốc đã ký"); font.bold: true }
            RowLayout {
                Layout.fillWidth: true
                Button {
                    objectName: "outgoingBrowse"
                    text: qsTr("Chọn tệp…")
                    implicitHeight: 48
                    enabled: !root.model.busy
                    onClicked: { root.model.browse(root.model.folder); filePopup.open() }
                }
                Button {
                    objectName: "outgoingScan"
                    text: qsTr("Quét bản giấy")
                    implicitHeight: 48
                    enabled: !root.model.busy
                    onClicked: root.model.scanOriginal()
                }
            }
            Label {
                objectName: "outgoingFile"
                text: root.model.file !== "" ? root.model.file.split("/").pop() : qsTr("(chưa chọn)")
                elide: Text.ElideMiddle
                Layout.fillWidth: true
                color: "#444"
            }
            Label { text: qsTr("2. Loại văn bản và sổ"); font.bold: true }
            ComboBox {
                id: typeBox
                objectName: "outgoingType"
                Layout.fillWidth: true
                implicitHeight: 48
                model: root.model.types
                textRole: "name"
                currentIndex: root.model.typeIndex
                onActivated: (i) => root.model.typeIndex = i
            }
            Label {
                text: root.model.series !== "" ? root.model.series : qsTr("(theo loại văn bản)")
                color: "#555"
                font.pixelSize: 15
            }
            Label { text: qsTr("3. Nơi nhận (mã định danh)"); font.bold: true }
            TextField {
                objectName: "agencySearch"
                Layout.fillWidth: true
                implicitHeight: 46
                placeholderText: qsTr("Tìm cơ quan: tên hoặc mã, gõ không dấu cũng được")
                text: root.model.agencySearch
                onTextEdited: root.model.agencySearch = text
            }
            ListView {
                id: agencyList
                objectName: "agencyList"
                Layout.fillWidth: true
                Layout.fillHeight: true
                Layout.minimumHeight: 120
                clip: true
                model: root.model.agencies
                ScrollBar.vertical: ScrollBar { }
                delegate: ItemDelegate {
                    required property var modelData
                    width: agencyList.width
                    implicitHeight: 48
                    highlighted: modelData.chosen
                    contentItem: RowLayout {
                        Label { text: modelData.chosen ? "✓" : "+"; font.bold: true; color: "#1b7f3b"; Layout.preferredWidth: 18 }
                        Label { text: modelData.name; elide: Text.ElideRight; Layout.fillWidth: true; font.pixelSize: 15 }
                        Label { text: modelData.code; color: "#666"; font.pixelSize: 13 }
                    }
                    onClicked: modelData.chosen ? root.model.removeRecipient(modelData.code) : root.model.addRecipient(modelData.code)
                }
            }
            Label { text: qsTr("Đã chọn %1 nơi nhận").arg(root.model.recipients.length); font.pixelSize: 15; color: "#555" }
            Repeater {
                model: root.model.recipients
                delegate: RowLayout {
                    required property var modelData
                    Layout.fillWidth: true
                    Label { text: modelData.name; elide: Text.ElideRight; Layout.fillWidth: true; font.pixelSize: 14 }
                    Label { text: modelData.code; color: "#666"; font.pixelSize: 12 }
                    ToolButton {
                        objectName: "recipient-" + modelData.code
                        text: "×"
                        font.pixelSize: 18
                        implicitHeight: 32
                        onClicked: root.model.removeRecipient(modelData.code)
                    }
                }
            }
        }

        // Middle: what was read, to check.
        ColumnLayout {
            Layout.preferredWidth: 420
            Layout.maximumWidth: 460
            Layout.fillHeight: true
            spacing: 6
            Label { text: qsTr("4. Kiểm tra nội dung"); font.bold: true }
            Label {
                visible: !root.model.hasDraft && !root.model.busy
                text: qsTr("Chọn tệp hoặc quét bản gốc đã ký; nội dung sẽ được đọc tự động.")
                wrapMode: Text.WordWrap
                Layout.fillWidth: true
                color: "#666"
            }
            Label {
                objectName: "outgoingSubjectLabel"
                visible: root.model.hasDraft
                text: qsTr("Trích yếu")
                font.pixelSize: 15
            }
            TextArea {
                objectName: "outgoingSubject"
                visible: root.model.hasDraft
                Layout.fillWidth: true
                Layout.preferredHeight: 84
                wrapMode: TextEdit.Wrap
                text: root.model.subject
                onEditingFinished: root.model.subject = text
                background: Rectangle { border.color: "#ccd"; radius: 4; color: "white" }
            }
            RowLayout {
                visible: root.model.hasDraft
                Layout.fillWidth: true
                Label { text: qsTr("Ký hiệu"); font.pixelSize: 15 }
                TextField {
                    id: symbolField
                    objectName: "outgoingSymbol"
                    Layout.fillWidth: true
                    implicitHeight: 44
                    text: root.model.symbol
                    onEditingFinished: symbolError.text = root.model.setSymbol(text)
                }
            }
            Label { id: symbolError; objectName: "symbolError"; visible: text !== ""; color: "#b00020"; wrapMode: Text.WordWrap; Layout.fillWidth: true; font.pixelSize: 14 }
            Label {
                objectName: "symbolWarning"
                visible: text !== ""
                text: root.model.symbolWarning
                color: "#b35c00"
                wrapMode: Text.WordWrap
                Layout.fillWidth: true
                font.pixelSize: 14
            }
            ListView {
                id: fieldList
                Layout.fillWidth: true
                Layout.fillHeight: true
                clip: true
                spacing: 2
                model: root.model.fields
                delegate: Rectangle {
                    required property var modelData
                    width: fieldList.width
                    height: Math.max(40, valueLabel.implicitHeight + 12)
                    radius: 4
                    color: modelData.low ? "#ffe3c2" : "white"
                    border.color: modelData.low ? "#f08c00" : "#e2e2e8"
                    RowLayout {
                        anchors.fill: parent
                        anchors.leftMargin: 8
                        anchors.rightMargin: 8
                        Label { text: modelData.label; font.pixelSize: 13; color: "#555"; Layout.preferredWidth: 150; wrapMode: Text.WordWrap; maximumLineCount: 2; elide: Text.ElideRight }
                        Label { id: valueLabel; text: modelData.value; font.pixelSize: 15; Layout.fillWidth: true; wrapMode: Text.WordWrap; maximumLineCount: 3; elide: Text.ElideRight }
                        Label { text: modelData.corrected ? qsTr("đã sửa") : Math.round(modelData.confidence) + "%"; font.pixelSize: 13; color: modelData.low ? "#b35c00" : "#2d6a2d" }
                    }
                }
            }
            Label { text: root.model.signaturesText; visible: text !== ""; wrapMode: Text.WordWrap; Layout.fillWidth: true; font.pixelSize: 14; color: "#1b5e20" }
            Repeater {
                model: root.model.warnings
                delegate: Label { required property string modelData; text: "• " + modelData; color: "#7a5b00"; wrapMode: Text.WordWrap; Layout.fillWidth: true; font.pixelSize: 13 }
            }
            Pane {
                objectName: "outgoingError"
                visible: root.model.errorTitle !== ""
                Layout.fillWidth: true
                background: Rectangle { color: "#fdecea"; radius: 8; border.color: "#e0a3a0" }
                ColumnLayout {
                    anchors.fill: parent
                    Label { text: root.model.errorTitle; font.bold: true; color: "#8b1a1a"; wrapMode: Text.WordWrap; Layout.fillWidth: true }
                    Label { text: root.model.errorHint; wrapMode: Text.WordWrap; Layout.fillWidth: true; font.pixelSize: 14 }
                }
            }
        }

        // Right: the preview (before) or the signed page (after).
        ColumnLayout {
            Layout.fillWidth: true
            Layout.fillHeight: true
            spacing: 8
            Pane {
                Layout.fillWidth: true
                background: Rectangle { color: root.model.issued ? "#e8f5e9" : "#fffbe6"; radius: 6; border.color: root.model.issued ? "#8bc34a" : "#e6d28a" }
                ColumnLayout {
                    anchors.fill: parent
                    spacing: 2
                    Label {
                        objectName: root.model.issued ? "outgoingNumber" : "numberPreview"
                        text: root.model.issued ? root.model.resultText : (root.model.hasDraft ? root.model.numberPreview : qsTr("Số và ngày sẽ hiện ở đây"))
                        font.pixelSize: root.model.issued ? 34 : 22
                        font.bold: true
                        color: "#8b1a1a"
                    }
                    Label { text: root.model.issued ? root.model.resultDetail : root.model.datePreview; font.italic: !root.model.issued; wrapMode: Text.WordWrap; Layout.fillWidth: true }
                }
            }
            Rectangle {
                id: pageBox
                Layout.fillWidth: true
                Layout.fillHeight: true
                color: "#5f6b7a"
                clip: true
                Image {
                    id: pageImage
                    objectName: root.model.issued ? "signedPage" : "outgoingPreview"
                    anchors.fill: parent
                    anchors.margins: 10
                    fillMode: Image.PreserveAspectFit
                    asynchronous: true
                    source: root.model.issued ? root.model.signedUrl : root.model.previewUrl
                    // The painted page inside the item (PreserveAspectFit centres it).
                    readonly property real pageX: (width - paintedWidth) / 2
                    readonly property real pageY: (height - paintedHeight) / 2
                    readonly property real pxPerMm: paintedWidth / Math.max(1, root.model.pageWidthMm)
                }
                // Where the signature image and the seal go (the flow puts the seal over the left
                // third of the signature image). A tap on the page moves them.
                Item {
                    visible: !root.model.issued && root.model.hasDraft && root.model.signerOnPreview && pageImage.status === Image.Ready
                    x: pageImage.x + pageImage.pageX
                    y: pageImage.y + pageImage.pageY
                    width: pageImage.paintedWidth
                    height: pageImage.paintedHeight
                    MouseArea {
                        anchors.fill: parent
                        objectName: "sealPlacement"
                        onClicked: (m) => root.model.placeSeal(m.x / pageImage.pxPerMm, m.y / pageImage.pxPerMm)
                    }
                    // The boxes signing draws (the model has the real sizes of the signer and
                    // seal images and signing's placement rule), not a fixed box.
                    Rectangle {
                        id: signerBox
                        objectName: "signerPreview"
                        x: root.model.signerBoxMm.x * pageImage.pxPerMm
                        y: root.model.signerBoxMm.y * pageImage.pxPerMm
                        width: root.model.signerBoxMm.width * pageImage.pxPerMm
                        height: root.model.signerBoxMm.height * pageImage.pxPerMm
                        color: "#302060c0"
                        border.color: "#2060c0"
                        border.width: 2
                    }
                    Rectangle {
                        objectName: "sealPreview"
                        x: root.model.sealBoxMm.x * pageImage.pxPerMm
                        y: root.model.sealBoxMm.y * pageImage.pxPerMm
                        width: root.model.sealBoxMm.width * pageImage.pxPerMm
                        height: root.model.sealBoxMm.height * pageImage.pxPerMm
                        radius: Math.min(width, height) / 2
                        color: "#30d32f2f"
                        border.color: "#d32f2f"
                        border.width: 2
                    }
                }
                Label {
                    visible: !root.model.hasDraft && !root.model.issued
                    anchors.centerIn: parent
                    text: root.model.busy ? root.model.stepText : qsTr("Trang 1 của bản gốc")
                    color: "white"
                }
            }
            // The legend sits under the page, never on it.
            Label {
                visible: !root.model.issued && root.model.hasDraft
                text: root.model.signerOnPreview ? qsTr("Khung xanh: chữ ký · Vòng đỏ: con dấu — chạm vào trang để dời")
                                                 : qsTr("Chữ ký và con dấu đặt ở trang cuối, tại khối chữ ký tìm được")
                font.pixelSize: 14
                color: "#444"
                wrapMode: Text.WordWrap
                Layout.fillWidth: true
            }
            Label { text: root.model.keyText; font.pixelSize: 14; color: "#555"; wrapMode: Text.WordWrap; Layout.fillWidth: true }
            RowLayout {
                Layout.fillWidth: true
                BusyIndicator { running: root.model.busy; visible: running; implicitHeight: 40; implicitWidth: 40 }
                Label { text: root.model.busy ? root.model.stepText : ""; Layout.fillWidth: true; elide: Text.ElideRight }
                Button {
                    visible: root.model.issued
                    objectName: "outgoingNext"
                    text: qsTr("Văn bản đi mới")
                    implicitHeight: 64
                    onClicked: root.model.reset()
                }
                BigButton {
                    objectName: "signAndSend"
                    visible: !root.model.issued
                    text: qsTr("KÝ SỐ VÀ GỬI")
                    tint: "#8b1a1a"
                    enabled: root.model.hasDraft && !root.model.busy && root.model.recipients.length > 0
                    onClicked: root.askToSign()
                }
            }
        }
    }

    // The file picker (no desktop dialog in a kiosk): folders and PDF / image files.
    Popup {
        id: filePopup
        objectName: "filePopup"
        modal: true
        anchors.centerIn: parent
        width: Math.min(parent.width - 80, 900)
        height: Math.min(parent.height - 80, 640)
        ColumnLayout {
            anchors.fill: parent
            Label { text: root.model.folder; elide: Text.ElideMiddle; Layout.fillWidth: true; font.bold: true }
            ListView {
                id: folderView
                Layout.fillWidth: true
                Layout.fillHeight: true
                clip: true
                model: root.model.folderEntries
                ScrollBar.vertical: ScrollBar { }
                delegate: ItemDelegate {
                    required property var modelData
                    width: folderView.width
                    implicitHeight: 50
                    text: (modelData.folder ? "📁 " : "📄 ") + modelData.name
                    onClicked: {
                        if (modelData.folder) root.model.browse(modelData.path)
                        else { filePopup.close(); root.model.chooseFile(modelData.path) }
                    }
                }
            }
            Button { text: qsTr("Đóng"); Layout.alignment: Qt.AlignRight; implicitHeight: 48; onClicked: filePopup.close() }
        }
    }

    // The token PIN, asked at the moment of signing; never stored.
    Popup {
        id: pinDialog
        objectName: "pinDialog"
        modal: true
        anchors.centerIn: parent
        width: 520
        padding: 24
        closePolicy: Popup.CloseOnEscape
        ColumnLayout {
            anchors.fill: parent
            spacing: 12
            Label { text: qsTr("Nhập mã PIN của token ký số"); font.pixelSize: 22; font.bold: true }
            Label { text: root.model.keyText; wrapMode: Text.WordWrap; Layout.fillWidth: true; font.pixelSize: 14; color: "#555" }
            TextField {
                id: pinField
                objectName: "pinField"
                Layout.fillWidth: true
                implicitHeight: 52
                echoMode: TextInput.Password
                inputMethodHints: Qt.ImhSensitiveData | Qt.ImhNoPredictiveText
                placeholderText: qsTr("Mã PIN")
                onAccepted: pinOk.clicked()
            }
            Label {
                objectName: "pinError"
                text: root.model.pinError
                visible: text !== ""
                color: "#b00020"
                wrapMode: Text.WordWrap
                Layout.fillWidth: true
            }
            RowLayout {
                Layout.fillWidth: true
                Item { Layout.fillWidth: true }
                Button { text: qsTr("Hủy"); implicitHeight: 52; onClicked: pinDialog.close() }
                BigButton {
                    id: pinOk
                    objectName: "pinOk"
                    text: root.model.busy ? qsTr("Đang ký…") : qsTr("Ký và gửi")
                    enabled: !root.model.busy && pinField.text !== ""
                    tint: "#8b1a1a"
                    onClicked: root.model.signAndSend(pinField.text)
                }
            }
        }
    }

    // Without a token the station's key signs: one confirmation.
    Popup {
        id: confirmDialog
        objectName: "confirmDialog"
        modal: true
        anchors.centerIn: parent
        width: 560
        padding: 24
        ColumnLayout {
            anchors.fill: parent
            spacing: 12
            Label { text: qsTr("Cấp số, đóng dấu, ký số và gửi?"); font.pixelSize: 22; font.bold: true }
            Label { text: root.model.numberPreview + "\n" + root.model.keyText; wrapMode: Text.WordWrap; Layout.fillWidth: true }
            RowLayout {
                Layout.fillWidth: true
                Item { Layout.fillWidth: true }
                Button { text: qsTr("Hủy"); implicitHeight: 52; onClicked: confirmDialog.close() }
                BigButton {
                    objectName: "confirmSign"
                    text: qsTr("Ký và gửi")
                    tint: "#8b1a1a"
                    onClicked: { confirmDialog.close(); root.model.signAndSend("") }
                }
            }
        }
    }
}
