//! EFS file systems.

use driftguard_model::{Resource, Tri};

use super::flag;

/// An `aws_efs_file_system`.
pub struct FileSystem<'a> {
    pub resource: &'a Resource,
}

impl<'a> FileSystem<'a> {
    pub fn new(resource: &'a Resource) -> Self {
        FileSystem { resource }
    }

    /// `encrypted`, false by default (a `kms_key_id` requires it to be true).
    pub fn encrypted(&self) -> Tri {
        flag(self.resource, "encrypted", false)
    }
}
