//! What a per-object Kubernetes rule is given: the object, the bundle it came in for lookups, and what several rules
//! read of it (its pod template, its Pod Security level), found once.

use crate::config::Config;
use crate::lint::pod_security::Enforcement;
use crate::model::kubernetes::{Bundle, Object, PodTemplate};

/// What a per-object rule is given.
#[derive(Debug, Clone, Copy)]
pub struct ObjectContext<'a> {
    pub object: &'a Object<'a>,
    pub bundle: &'a Bundle<'a>,
    pub config: &'a Config,
    /// The object's pod template, read once for every rule that looks at pods.
    pub template: Option<PodTemplate<'a>>,
    /// The Pod Security Standards level and version the object is held to, found once per object.
    pub enforcement: Enforcement<'a>,
    /// The object's text defines an anchor, so an alias elsewhere may share what a fix would edit.
    pub anchored: bool,
}

impl<'a> ObjectContext<'a> {
    /// What a per-object rule is given for `object` of `bundle`.
    pub fn new(object: &'a Object<'a>, bundle: &'a Bundle<'a>, config: &'a Config) -> Self {
        let template = object.pod_template();
        let enforcement = Enforcement::of(object, bundle, config);
        let anchored = object.extent.slice(object.text).contains('&');
        Self { object, bundle, config, template, enforcement, anchored }
    }

    /// The Pod Security Standards level and version the object is held to.
    pub fn pod_security(&self) -> Enforcement<'a> {
        self.enforcement
    }
}
