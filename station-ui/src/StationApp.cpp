#include "StationApp.h"

#include "IncomingModel.h"
#include "DemoDocument.h"
#include "OutgoingModel.h"
#include "RecordsModel.h"

#include "vanthu/core/VnTime.h"
#include "vanthu/workflow/Records.h"

#include <QCommandLineParser>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QGuiApplication>
#include <QImage>
#include <QStandardPaths>
#include <QTimer>
#include <QUrl>

#include <cstdlib>

namespace vanthu::ui {

std::optional<StationOptions> parseOptions(const QStringList& arguments, QString* error)
{
    QCommandLineParser p;
    p.setApplicationDescription(QStringLiteral("vanthu-station — trạm văn thư / records station kiosk"));
    p.addHelpOption();
    const QCommandLineOption config(QStringLiteral("config"), QStringLiteral("Tệp cấu hình / configuration file"),
                                    QStringLiteral("FILE"));
    const QCommandLineOption kiosk(QStringLiteral("kiosk"), QStringLiteral("Toàn màn hình / full-screen kiosk"));
    const QCommandLineOption shots(QStringLiteral("screenshots"),
                                   QStringLiteral("Chụp mọi màn hình vào DIR rồi thoát / render every screen to DIR"),
                                   QStringLiteral("DIR"));
    const QCommandLineOption idle(QStringLiteral("idle-lock"),
                                  QStringLiteral("Khóa sau N giây không dùng (0: không) / lock after N idle seconds"),
                                  QStringLiteral("SECONDS"), QStringLiteral("300"));
    const QCommandLineOption lang(QStringLiteral("lang"), QStringLiteral("vi | en"), QStringLiteral("LANG"),
                                  QStringLiteral("vi"));
    const QCommandLineOption agencies(QStringLiteral("agencies"),
                                      QStringLiteral("Danh bạ cơ quan nhận (MÃ<TAB>TÊN) / agency directory (CODE<TAB>NAME)"),
                                      QStringLiteral("FILE"));
    p.addOptions({config, kiosk, shots, idle, lang, agencies});
    if (!p.parse(arguments)) {
        *error = p.errorText();
        return std::nullopt;
    }
    if (p.isSet(QStringLiteral("help"))) {
        *error = p.helpText();
        return std::nullopt;
    }
    StationOptions o;
    o.config = p.value(config);
    o.kiosk = p.isSet(kiosk);
    o.screenshotsDir = p.value(shots);
    bool ok = false;
    o.idleLockSeconds = p.value(idle).toInt(&ok);
    if (!ok || o.idleLockSeconds < 0) {
        *error = QStringLiteral("--idle-lock: cần số giây >= 0 / needs seconds >= 0");
        return std::nullopt;
    }
    o.agencies = p.value(agencies);
    o.language = p.value(lang);
    if (o.language != QStringLiteral("vi") && o.language != QStringLiteral("en")) {
        *error = QStringLiteral("--lang: vi | en");
        return std::nullopt;
    }
    return o;
}

void choosePlatform()
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM") && qEnvironmentVariableIsEmpty("DISPLAY") &&
        qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    // Basic renders Vietnamese stacked diacritics; Fusion clips them in ComboBox and ToolBar (Qt 6.4).
    if (qEnvironmentVariableIsEmpty("QT_QUICK_CONTROLS_STYLE"))
        qputenv("QT_QUICK_CONTROLS_STYLE", "Basic");
}

StationApp::StationApp(StationOptions options, QObject* parent)
    : QObject(parent), m_options(std::move(options)), m_state(std::make_unique<AppState>(m_session, m_options.kiosk))
{
    m_state->setIdleLockSeconds(m_options.idleLockSeconds);
    m_state->setEngine(&m_engine);
    // The engine owns the provider; the thumbnails themselves are shared with the view models.
    m_engine.addImageProvider(QLatin1String(Thumbnails::kProvider), new ThumbnailProvider(m_session.thumbnails()));
}

StationApp::~StationApp()
{
    // The workers may still deliver to view models: stop them before QML (and the models) go away.
    m_session.stopWorkers();
}

QObject* StationApp::root() const
{
    const auto roots = m_engine.rootObjects();
    return roots.isEmpty() ? nullptr : roots.first();
}

QQuickWindow* StationApp::window() const { return qobject_cast<QQuickWindow*>(root()); }

bool StationApp::start()
{
    QString config = m_options.config;
    if (!m_options.screenshotsDir.isEmpty() && config.isEmpty()) {
        // The tour runs on a fresh station of its own so the screenshots show the same thing
        // everywhere (demo agency, TEST keys, SANE test device) and never touch real registers.
        m_tempData = QDir::tempPath() + QStringLiteral("/vanthu-screenshots-") + QString::number(QCoreApplication::applicationPid());
        QDir(m_tempData).removeRecursively();
        QDir().mkpath(m_tempData);
        config = m_tempData + QStringLiteral("/vanthu.ini");
        QFile f(config);
        if (!f.open(QIODevice::WriteOnly))
            return false;
        f.write(QStringLiteral("[station]\ndata_dir = %1/data\n").arg(m_tempData).toUtf8());
        // SANE's test device through a private configuration, chosen before SANE is first
        // initialised (workflow's fallback after an empty probe does not take effect in-process).
        QDir().mkpath(m_tempData + QStringLiteral("/sane"));
        QFile dll(m_tempData + QStringLiteral("/sane/dll.conf"));
        if (!dll.open(QIODevice::WriteOnly))
            return false;
        dll.write("test\n");
        dll.close();
        qputenv("SANE_CONFIG_DIR", QFile::encodeName(m_tempData + QStringLiteral("/sane")));
    }
    if (m_options.language != QStringLiteral("vi"))
        m_state->setLanguage(m_options.language);
    m_state->startSetup(config);
    m_engine.load(QUrl(QStringLiteral("qrc:/Vanthu/Station/qml/Main.qml")));
    auto* w = window();
    if (!w)
        return false;
    if (!m_options.agencies.isEmpty())
        if (auto* out = w->findChild<OutgoingModel*>(QStringLiteral("outgoingModel")))
            out->setAgencyDirectory(m_options.agencies);
    if (m_options.kiosk)
        w->showFullScreen();
    else
        w->show();
    if (!m_options.screenshotsDir.isEmpty())
        runTour();
    return true;
}

void StationApp::show(const QString& screen)
{
    if (auto* r = root())
        QMetaObject::invokeMethod(r, "show", Q_ARG(QVariant, QVariant(screen)));
}

bool StationApp::saveFrame(const QString& path)
{
    auto* w = window();
    if (!w)
        return false;
    const QImage image = w->grabWindow();
    return !image.isNull() && image.save(path, "PNG");
}

void StationApp::waitFor(std::function<bool()> condition, std::function<void()> then, int timeoutMs)
{
    auto* timer = new QTimer(this);
    auto started = std::make_shared<QElapsedTimer>();
    started->start();
    timer->setInterval(50);
    connect(timer, &QTimer::timeout, this, [this, timer, started, condition, then, timeoutMs] {
        if (condition()) {
            timer->deleteLater();
            then();
        } else if (started->elapsed() > timeoutMs) {
            timer->deleteLater();
            qWarning("screenshots: a step timed out");
            emit finished(2);
        }
    });
    timer->start();
}

void StationApp::step()
{
    if (m_tourStep >= m_tour.size()) {
        if (!m_tempData.isEmpty())
            QDir(m_tempData).removeRecursively();
        emit finished(0);
        return;
    }
    auto next = m_tour[m_tourStep++];
    QTimer::singleShot(0, this, next);
}

void StationApp::runTour()
{
    const QString dir = m_options.screenshotsDir;
    QDir().mkpath(dir);
    const QString password = QStringLiteral("mat-khau-thu-nghiem");
    auto* st = m_state.get();
    auto shot = [this, dir](const QString& name) {
        return [this, dir, name] {
            // Two frames after the change: layouts and images have settled.
            QTimer::singleShot(700, this, [this, dir, name] {
                if (!saveFrame(dir + QLatin1Char('/') + name + QStringLiteral(".png"))) {
                    qWarning("screenshots: could not save %s", qPrintable(name));
                    emit finished(3);
                    return;
                }
                step();
            });
        };
    };
    auto login = [this, st, password](const QString& user) {
        return [this, st, password, user] {
            st->logout();
            st->login(user, password);
            waitFor([st, user] { return st->signedIn() && st->userName() == user && !st->busy(); }, [this] { step(); });
        };
    };
    auto incoming = [this] { return root() ? root()->findChild<IncomingModel*>(QStringLiteral("incomingModel")) : nullptr; };
    auto records = [this] { return root() ? root()->findChild<RecordsModel*>(QStringLiteral("recordsModel")) : nullptr; };

    m_tour = {
        [this, st] { waitFor([st] { return st->ready() || !st->setupError().isEmpty(); }, [this] { step(); }); },
        shot(QStringLiteral("01-tao-quan-tri")),
        // Accounts of every role (the tour's own station).
        [this, password] {
            m_session.worker().post([this, password] {
                {
                    workflow::Records accounts(*m_session.station());
                    const std::string pw = password.toStdString();
                    (void)accounts.addUser("quantri", "Nguyễn Quản Trị", reg::Role::QuanTri, pw, "quantri");
                    (void)accounts.addUser("vanthu", "Trần Thị Văn Thư", reg::Role::VanThu, pw, "quantri");
                    (void)accounts.addUser("motcua", "Lê Văn Một Cửa", reg::Role::MotCua, pw, "quantri");
                    (void)accounts.addUser("luutru", "Phạm Thị Lưu Trữ", reg::Role::LuuTru, pw, "quantri");
                }
                deliver(this, [this] {
                    m_state->refreshAccounts();
                    waitFor([this] { return m_state->ready() && !m_state->needsFirstAdmin() && !m_state->busy(); },
                            [this] { step(); });
                });
            });
        },
        shot(QStringLiteral("02-dang-nhap")),
        login(QStringLiteral("vanthu")),
        [this, incoming] {
            auto* m = incoming();
            show(QStringLiteral("scan"));
            m->refreshDevices();
            waitFor([m] { return !m->scanner().isEmpty() || !m->errorTitle().isEmpty(); }, [this] { step(); });
        },
        shot(QStringLiteral("03-quet")),
        [this, incoming] {
            auto* m = incoming();
            m->scan();
            waitFor([m] { return (m->busy() && !m->stepText().isEmpty()) || !m->errorTitle().isEmpty() || m->hasDraft(); },
                    [this] { step(); }, 120000);
        },
        shot(QStringLiteral("04-dang-quet")),
        [this, incoming] {
            auto* m = incoming();
            waitFor([m] { return !m->busy(); }, [this] { step(); });
        },
        shot(QStringLiteral("05-kiem-tra")),
        [this, incoming] {
            auto* m = incoming();
            if (!m->hasDraft()) {
                step();
                return;
            }
            // The clerk fills what the test page does not carry (the SANE test device prints no header).
            m->setField(QStringLiteral("number_symbol"), QStringLiteral("125/QĐ-UBND"));
            m->setField(QStringLiteral("issuer"), QStringLiteral("Ủy ban nhân dân tỉnh Mẫu"));
            m->setField(QStringLiteral("issued_date"), QStringLiteral("2026-11-20"));
            m->setField(QStringLiteral("type"), QStringLiteral("Quyết định"));
            m->setField(QStringLiteral("subject"), QStringLiteral("Về việc phê duyệt kế hoạch số hóa tài liệu lưu trữ năm 2027"));
            m->setField(QStringLiteral("signer_name"), QStringLiteral("Nguyễn Văn Ánh"));
            m->registerDocument();
            waitFor([m] { return !m->busy(); }, [this] { step(); });
        },
        shot(QStringLiteral("06-so-den")),
        // Văn bản đi: a quyết định of the demo agency, two recipients from the directory.
        [this] {
            show(QStringLiteral("outgoing"));
            auto* o = root()->findChild<OutgoingModel*>(QStringLiteral("outgoingModel"));
            waitFor([o] { return !o->agencies().isEmpty() || !o->errorTitle().isEmpty(); }, [this, o] {
                const QString original = m_tempData + QStringLiteral("/quyet-dinh-da-ky.pdf");
                if (!writeDemoOriginal(original, QStringLiteral("Về việc phê duyệt kế hoạch số hóa tài liệu lưu trữ năm 2027"))) {
                    emit finished(3);
                    return;
                }
                const auto types = o->types();
                for (int i = 0; i < types.size(); ++i)
                    if (types[i].toMap().value(QStringLiteral("abbreviation")).toString() == QStringLiteral("QĐ"))
                        o->setTypeIndex(i);
                for (const QString& code : {QStringLiteral("000.00.02.T01"), QStringLiteral("000.00.04.T01"), QStringLiteral("001.01.00.T01")})
                    o->addRecipient(code);
                o->setAgencySearch(QStringLiteral("so"));
                o->chooseFile(original);
                waitFor([o] { return !o->busy() && (o->hasDraft() || !o->errorTitle().isEmpty()); }, [this] { step(); });
            });
        },
        shot(QStringLiteral("14-van-ban-di")),
        [this] {
            // The clerk corrects the symbol OCR misread (the warning of the previous screenshot).
            if (auto* o = root()->findChild<OutgoingModel*>(QStringLiteral("outgoingModel")))
                (void)o->setSymbol(QStringLiteral("QĐ-STN"));
            if (auto* r = root())
                QMetaObject::invokeMethod(r, "askToSign");
            step();
        },
        shot(QStringLiteral("15-xac-nhan-ky-so")),
        [this] {
            auto* o = root()->findChild<OutgoingModel*>(QStringLiteral("outgoingModel"));
            o->signAndSend({});
            waitFor([o] { return !o->busy() && (o->issued() || !o->errorTitle().isEmpty()); }, [this] { step(); });
        },
        shot(QStringLiteral("16-da-ban-hanh")),
        [this, records] {
            show(QStringLiteral("records"));
            auto* r = records();
            r->reload();
            waitFor([r] { return !r->busy(); }, [this, r] {
                if (!r->rows().isEmpty())
                    r->select(r->rows().first().toMap().value(QStringLiteral("id")).toLongLong());
                step();
            });
        },
        shot(QStringLiteral("07-so-van-ban")),
        [this] { show(QStringLiteral("queue")); step(); },
        shot(QStringLiteral("08-hang-doi")),
        [this, st] { st->lock(); step(); },
        shot(QStringLiteral("09-khoa-man-hinh")),
        login(QStringLiteral("motcua")),
        [this] { show(QStringLiteral("dossier")); step(); },
        [this] {
            if (auto* r = root())
                QMetaObject::invokeMethod(r, "demoDossier");
            step();
        },
        shot(QStringLiteral("10-mot-cua")),
        login(QStringLiteral("luutru")),
        [this] { show(QStringLiteral("batch")); step(); },
        shot(QStringLiteral("11-quet-lo")),
        login(QStringLiteral("quantri")),
        [this] { show(QStringLiteral("admin")); step(); },
        shot(QStringLiteral("12-quan-tri")),
        [this, st] { st->logout(); step(); },
        shot(QStringLiteral("13-dang-nhap-sau")),
    };
    m_tourStep = 0;
    step();
}

} // namespace vanthu::ui
