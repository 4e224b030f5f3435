#pragma once
// The station-ui test fixture: one QGuiApplication per process (offscreen unless a platform was
// chosen), SANE's test device through a private SANE_CONFIG_DIR, and a fresh kiosk (StationApp,
// real QML, real workflow, a fresh data directory) per test. Helpers drive it by object name and
// simulated input.

#include "TestSupport.h"

#include "StationApp.h"

#include "vanthu/register/Register.h"

#include <QGuiApplication>
#include <QQuickItem>

#include <gtest/gtest.h>

#include <functional>
#include <memory>
#include <string>

namespace vanthu::ui::test {

QGuiApplication& app();

// Runs the event loop until `condition` holds; false after `timeoutMs`.
bool waitUntil(const std::function<bool()>& condition, int timeoutMs);

class StationFixture : public ::testing::Test {
protected:
    void SetUp() override;
    void TearDown() override;

    // Extra configuration lines appended to the test station's vanthu.ini.
    virtual std::string extraConfig() const { return {}; }

    // The visible item named `name` (searched in the whole scene, popups included).
    QQuickItem* item(const char* name);
    // Clicks the centre of a visible item like a finger would.
    void click(QQuickItem* it);
    // Replaces the text of `it` with `text`: Ctrl+A, then key events carrying the text.
    void type(QQuickItem* it, const QString& text);
    // The register of the test station, for setting up and reading back (not the code under test).
    Result<reg::Register> openRegister();
    // Adds an account (test setup).
    void addUser(const std::string& user, reg::Role role);
    // Adds `user` with `role` and signs in through AppState; waits for the home screen.
    void signIn(const std::string& user, reg::Role role);

    template <class T>
    T* model(const char* objectName)
    {
        return station->root() ? station->root()->findChild<T*>(QString::fromLatin1(objectName)) : nullptr;
    }

    vanthu::test::TempDir dir;
    std::unique_ptr<StationApp> station;
    const std::string password = "mat-khau-thu-nghiem";
};

} // namespace vanthu::ui::test
