mod dax_cluster_tls_disabled;
mod dax_cluster_unencrypted;
mod table_not_cmk_encrypted;
mod table_pitr_disabled;

use crate::Rule;

pub(crate) const RULES: &[&dyn Rule] = &[
    &dax_cluster_tls_disabled::DaxClusterTlsDisabled,
    &dax_cluster_unencrypted::DaxClusterUnencrypted,
    &table_not_cmk_encrypted::TableNotCmkEncrypted,
    &table_pitr_disabled::TablePitrDisabled,
];
