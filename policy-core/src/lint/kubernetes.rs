//! What a per-object Kubernetes rule is given: the object, and the bundle it came in for lookups.

use crate::config::Config;
use crate::model::kubernetes::{Bundle, Object};

/// What a per-object rule is given.
#[derive(Debug, Clone, Copy)]
pub struct ObjectContext<'a> {
    pub object: &'a Object<'a>,
    pub bundle: &'a Bundle<'a>,
    pub config: &'a Config,
}
