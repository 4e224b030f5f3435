import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Vanthu.Station

ApplicationWindow {
    id: window
    objectName: "mainWindow"
    width: 1440
    height: 900
    visible: true
    title: qsTr("Trạm văn thư") + " — " + AppState.agencyName
    font.pixelSize: 17

    property string screen: "login"

    // Navigation by name; the screenshot tour and the tests call it too.
    function show(name) {
        screen = name
        if (name === "records") recordsModel.reload()
        else if (name === "queue") queueModel.reload()
        else if (name === "admin") adminModel.reload()
        else if (name === "dossier") dossierModel.reload()
        else if (name === "outgoing" && outgoingModel.agencies.length === 0) outgoingModel.reload()
        else if ((name === "scan" || name === "batch") && incomingModel.scanner === "") incomingModel.refreshDevices()
    }
    function askToSign() {
        outgoingScreen.askToSign()
    }
    function demoDossier() {
        dossierScreen.fillDemo()
    }

    property IncomingModel incomingModel: IncomingModel {
        objectName: "incomingModel"
        onCaptured: if (hasDraft) window.show("review")
        onRegistered: window.show("result")
    }
    property RecordsModel recordsModel: RecordsModel { objectName: "recordsModel" }
    property QueueModel queueModel: QueueModel { objectName: "queueModel" }
    property AdminModel adminModel: AdminModel { objectName: "adminModel" }
    property DossierModel dossierModel: DossierModel { objectName: "dossierModel" }
    property OutgoingModel outgoingModel: OutgoingModel { objectName: "outgoingModel" }

    Connections {
        target: AppState
        function onUserChanged() {
            if (!AppState.signedIn) window.show("login")
            else window.show(AppState.homeScreen === "incoming" ? "scan" : AppState.homeScreen)
        }
    }

    header: ToolBar {
        visible: AppState.signedIn
        height: 64
        background: Rectangle { color: "#8b1a1a" }
        RowLayout {
            anchors.fill: parent
            anchors.leftMargin: 12
            anchors.rightMargin: 12
            spacing: 6
            Label {
                text: AppState.agencyName
                color: "white"
                font.bold: true
                font.pixelSize: 18
                Layout.maximumWidth: 330
                elide: Text.ElideRight
            }
            Repeater {
                model: {
                    var r = AppState.role
                    var all = [
                        { key: "scan", label: qsTr("Văn bản đến"), roles: ["van-thu"] },
                        { key: "outgoing", label: qsTr("Văn bản đi"), roles: ["van-thu"] },
                        { key: "batch", label: qsTr("Quét theo lô"), roles: ["luu-tru", "van-thu"] },
                        { key: "dossier", label: qsTr("Hồ sơ một cửa"), roles: ["mot-cua"] },
                        { key: "records", label: qsTr("Sổ văn bản"), roles: ["van-thu", "luu-tru", "lanh-dao", "chuyen-vien", "quan-tri", "mot-cua"] },
                        { key: "queue", label: qsTr("Hàng đợi và hạn"), roles: ["van-thu", "quan-tri", "mot-cua"] },
                        { key: "admin", label: qsTr("Quản trị"), roles: ["quan-tri"] }
                    ]
                    return all.filter(function (e) { return e.roles.indexOf(r) >= 0 })
                }
                delegate: ToolButton {
                    required property var modelData
                    objectName: "nav-" + modelData.key
                    text: modelData.label
                    checked: window.screen === modelData.key
                             || (modelData.key === "scan" && (window.screen === "review" || window.screen === "result"))
                    font.pixelSize: 17
                    implicitHeight: 56
                    contentItem: Label {
                        text: parent.text
                        color: "white"
                        font: parent.font
                        horizontalAlignment: Text.AlignHCenter
                        verticalAlignment: Text.AlignVCenter
                    }
                    background: Rectangle { color: parent.checked ? "#b22222" : "transparent"; radius: 4 }
                    onClicked: window.show(modelData.key)
                }
            }
            Item { Layout.fillWidth: true }
            Label {
                text: AppState.fullName + " · " + AppState.roleName
                color: "white"
                elide: Text.ElideRight
                Layout.maximumWidth: 320
            }
            ToolButton {
                objectName: "languageButton"
                text: AppState.language === "vi" ? "EN" : "VI"
                contentItem: Label { text: parent.text; color: "white"; font.bold: true; horizontalAlignment: Text.AlignHCenter; verticalAlignment: Text.AlignVCenter }
                onClicked: AppState.setLanguage(AppState.language === "vi" ? "en" : "vi")
            }
            ToolButton {
                objectName: "lockButton"
                text: qsTr("Khóa")
                contentItem: Label { text: parent.text; color: "white"; horizontalAlignment: Text.AlignHCenter; verticalAlignment: Text.AlignVCenter }
                onClicked: AppState.lock()
            }
            ToolButton {
                objectName: "logoutButton"
                text: qsTr("Đăng xuất")
                contentItem: Label { text: parent.text; color: "white"; horizontalAlignment: Text.AlignHCenter; verticalAlignment: Text.AlignVCenter }
                onClicked: AppState.logout()
            }
        }
    }

    footer: Label {
        visible: AppState.demo
        text: qsTr("CHẾ ĐỘ THỬ NGHIỆM — khóa ký và mã cơ quan là dữ liệu mẫu")
        padding: 4
        horizontalAlignment: Text.AlignHCenter
        background: Rectangle { color: "#fff3cd" }
        font.pixelSize: 14
    }

    StackLayout {
        anchors.fill: parent
        // "scan" and "batch" share one scan screen: two would each build the thumbnails of every page.
        currentIndex: window.screen === "batch" ? 1 : ["login", "scan", "review", "result", "records", "queue", "admin", "dossier", "outgoing"].indexOf(window.screen)
        LoginScreen { }
        ScanScreen { model: window.incomingModel; batch: window.screen === "batch" }
        ReviewScreen { model: window.incomingModel; onBack: window.show("scan") }
        ResultScreen { model: window.incomingModel; onNext: { window.incomingModel.reset(); window.show("scan") } }
        RecordsScreen { model: window.recordsModel }
        QueueScreen { model: window.queueModel }
        AdminScreen { model: window.adminModel }
        DossierScreen { id: dossierScreen; model: window.dossierModel }
        OutgoingScreen { id: outgoingScreen; model: window.outgoingModel }
    }

    LockOverlay {
        anchors.fill: parent
        visible: AppState.locked
        z: 100
    }

    Shortcut { sequence: "Ctrl+L"; enabled: AppState.signedIn; onActivated: AppState.lock() }
    Shortcut { sequence: "F2"; enabled: AppState.signedIn && !AppState.locked; onActivated: window.show("scan") }
    Shortcut { sequence: "F3"; enabled: AppState.signedIn && !AppState.locked; onActivated: window.show("records") }
    Shortcut { sequence: "F4"; enabled: AppState.signedIn && !AppState.locked; onActivated: window.show("queue") }
}
