//! Topics: the security concerns driftguard's checks assess, in driftguard's own vocabulary.
//!
//! A check (a scan rule, a drift class, a trail detection) names the topics it gives evidence
//! on; each framework file says, in its `[topics]` table, which of its controls each topic
//! concerns. One crosswalk per framework, reviewed by someone who knows that framework, instead
//! of six control lists repeated on every rule. Checks add framework-specific controls that no
//! topic implies (CIS recommendations, which are one per setting) as direct references.

use std::fmt;

/// A security concern a check gives evidence on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Topic {
    /// Who may do what: policies granting more than needed, wildcard actions, admin rights,
    /// resource policies open to other accounts.
    AccessControl,
    /// Privileged access: administrator policies, root user, privilege escalation paths.
    PrivilegedAccess,
    /// The lifecycle of identities: IAM users, their credentials and keys, unused accounts.
    IdentityManagement,
    /// How identities prove who they are: MFA, password policy, instance metadata tokens.
    Authentication,
    /// Secrets written into code or configuration (keys, tokens, passwords).
    Secrets,
    /// Data stored encrypted (disks, buckets, databases, queues, logs).
    EncryptionAtRest,
    /// Data encrypted on the wire (TLS listeners, TLS policies, HTTPS-only).
    EncryptionInTransit,
    /// Keys under the customer's control: customer-managed KMS keys, rotation, key policies.
    KeyManagement,
    /// Network paths open to the internet or too broad: 0.0.0.0/0 ingress, public IPs.
    NetworkExposure,
    /// Separation of networks: default security groups, NACLs, VPC placement.
    NetworkSegregation,
    /// Data readable or writable by anyone: public buckets, snapshots, images, databases.
    PublicDataExposure,
    /// Audit trails are produced: CloudTrail, access logs, flow logs, execution logs.
    AuditLogging,
    /// Audit trails cannot be altered or lost: log validation, log encryption, protected buckets.
    LogProtection,
    /// Threats and configuration are watched: GuardDuty, AWS Config, alarms, detection of changes.
    Monitoring,
    /// Data can be restored: backups, retention, versioning, point-in-time recovery.
    Backup,
    /// Services survive failures and accidents: multi-AZ, deletion protection.
    Resilience,
    /// Known vulnerabilities are found and fixed: image scanning, supported runtimes, patching.
    VulnerabilityManagement,
    /// Systems are built to a hardened baseline (secure defaults switched on).
    SecureConfiguration,
    /// Third-party code is trusted deliberately: pinned modules and providers, lock files.
    SupplyChain,
    /// The live configuration matches the approved, declared one (drift).
    ConfigurationManagement,
    /// Changes go through the controlled process (IaC), not around it.
    ChangeManagement,
    /// Every resource is known and owned: nothing runs outside the inventory.
    AssetInventory,
    /// Conflicting duties are separated: only the pipeline applies infrastructure changes.
    SegregationOfDuties,
}

impl Topic {
    /// Every topic, in the order reports list them.
    pub const ALL: &'static [Topic] = &[
        Topic::AccessControl,
        Topic::PrivilegedAccess,
        Topic::IdentityManagement,
        Topic::Authentication,
        Topic::Secrets,
        Topic::EncryptionAtRest,
        Topic::EncryptionInTransit,
        Topic::KeyManagement,
        Topic::NetworkExposure,
        Topic::NetworkSegregation,
        Topic::PublicDataExposure,
        Topic::AuditLogging,
        Topic::LogProtection,
        Topic::Monitoring,
        Topic::Backup,
        Topic::Resilience,
        Topic::VulnerabilityManagement,
        Topic::SecureConfiguration,
        Topic::SupplyChain,
        Topic::ConfigurationManagement,
        Topic::ChangeManagement,
        Topic::AssetInventory,
        Topic::SegregationOfDuties,
    ];

    /// The kebab-case name used in framework files and outputs (`encryption-at-rest`).
    pub fn as_str(self) -> &'static str {
        match self {
            Topic::AccessControl => "access-control",
            Topic::PrivilegedAccess => "privileged-access",
            Topic::IdentityManagement => "identity-management",
            Topic::Authentication => "authentication",
            Topic::Secrets => "secrets",
            Topic::EncryptionAtRest => "encryption-at-rest",
            Topic::EncryptionInTransit => "encryption-in-transit",
            Topic::KeyManagement => "key-management",
            Topic::NetworkExposure => "network-exposure",
            Topic::NetworkSegregation => "network-segregation",
            Topic::PublicDataExposure => "public-data-exposure",
            Topic::AuditLogging => "audit-logging",
            Topic::LogProtection => "log-protection",
            Topic::Monitoring => "monitoring",
            Topic::Backup => "backup",
            Topic::Resilience => "resilience",
            Topic::VulnerabilityManagement => "vulnerability-management",
            Topic::SecureConfiguration => "secure-configuration",
            Topic::SupplyChain => "supply-chain",
            Topic::ConfigurationManagement => "configuration-management",
            Topic::ChangeManagement => "change-management",
            Topic::AssetInventory => "asset-inventory",
            Topic::SegregationOfDuties => "segregation-of-duties",
        }
    }

    /// The topic with this kebab-case name.
    pub fn from_name(name: &str) -> Option<Topic> {
        Topic::ALL.iter().copied().find(|t| t.as_str() == name)
    }
}

impl fmt::Display for Topic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}
