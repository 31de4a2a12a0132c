#include "bridge/credential_store.h"

#include <qt6keychain/keychain.h>

namespace zs::ui {

namespace {

QString explain(const QKeychain::Job& job) {
    switch (job.error()) {
    case QKeychain::NoError:
    case QKeychain::EntryNotFound:
        return {};
    case QKeychain::NoBackendAvailable:
    case QKeychain::NotImplemented:
        return QObject::tr("no system keychain is available (%1)").arg(job.errorString());
    case QKeychain::AccessDenied:
    case QKeychain::AccessDeniedByUser:
        return QObject::tr("the keychain refused access (%1)").arg(job.errorString());
    default:
        // What a desktop without a running Secret Service or KWallet gets.
        return QObject::tr("no usable system keychain (%1)").arg(job.errorString());
    }
}

} // namespace

CredentialStore::CredentialStore(QObject* parent) : QObject(parent) {}

void CredentialStore::store(const QString& key, const QString& secret, Done done) {
    auto* job = new QKeychain::WritePasswordJob(service(), this);
    job->setAutoDelete(true);
    job->setKey(key);
    job->setTextData(secret);
    connect(job, &QKeychain::Job::finished, this,
            [done = std::move(done)](QKeychain::Job* finished) { done(explain(*finished)); });
    job->start();
}

void CredentialStore::load(const QString& key, Loaded done) {
    auto* job = new QKeychain::ReadPasswordJob(service(), this);
    job->setAutoDelete(true);
    job->setKey(key);
    connect(job, &QKeychain::Job::finished, this,
            [done = std::move(done)](QKeychain::Job* finished) {
                auto* read = static_cast<QKeychain::ReadPasswordJob*>(finished);
                done(read->error() == QKeychain::NoError ? read->textData() : QString(),
                     explain(*finished));
            });
    job->start();
}

void CredentialStore::remove(const QString& key, Done done) {
    auto* job = new QKeychain::DeletePasswordJob(service(), this);
    job->setAutoDelete(true);
    job->setKey(key);
    connect(job, &QKeychain::Job::finished, this,
            [done = std::move(done)](QKeychain::Job* finished) { done(explain(*finished)); });
    job->start();
}

} // namespace zs::ui
