//! What a per-object Kubernetes rule is given: the object, and the bundle it came in for lookups.

use crate::config::Config;
use crate::lint::pod_security::Enforcement;
use crate::model::kubernetes::{Bundle, Object};

/// What a per-object rule is given.
#[derive(Debug, Clone, Copy)]
pub struct ObjectContext<'a> {
    pub object: &'a Object<'a>,
    pub bundle: &'a Bundle<'a>,
    pub config: &'a Config,
}

impl<'a> ObjectContext<'a> {
    /// The Pod Security Standards level and version the object is held to.
    pub fn pod_security(&self) -> Enforcement<'a> {
        Enforcement::of(self.object, self.bundle, self.config)
    }
}
