mod bucket_versioning;

use crate::Rule;

pub(super) const RULES: &[&dyn Rule] = &[&bucket_versioning::BucketVersioning];
