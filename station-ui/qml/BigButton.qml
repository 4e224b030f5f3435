import QtQuick
import QtQuick.Controls

Button {
    id: control
    property color tint: "#1f5fa8"
    implicitHeight: 64
    implicitWidth: Math.max(200, contentItem.implicitWidth + 48)
    font.pixelSize: 22
    font.bold: true
    contentItem: Label {
        text: control.text
        font: control.font
        color: control.enabled ? "white" : "#e0e0e0"
        horizontalAlignment: Text.AlignHCenter
        verticalAlignment: Text.AlignVCenter
    }
    background: Rectangle {
        radius: 8
        color: !control.enabled ? "#9aa5b1" : control.down ? Qt.darker(control.tint, 1.3) : control.tint
        border.width: control.activeFocus ? 3 : 0
        border.color: "#ffbf00"
    }
}
