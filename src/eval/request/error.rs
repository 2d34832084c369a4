//! What can be wrong with a request.

use std::fmt;

/// A field of the request, named as in the JSON request file (docs/requests.md).
/// Errors name the field they are about, so that a front end can point at
/// the flag, query word or file that set it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Field {
    /// `principal` (the string, or the object's `arn`).
    Principal,
    /// `principal.type`.
    PrincipalType,
    /// `principal.roleArn`.
    RoleArn,
    /// `principal.orgId`.
    OrgId,
    /// `principal.orgPaths`.
    OrgPaths,
    /// `principal.tags`.
    PrincipalTags,
    /// `action`.
    Action,
    /// `protocol`.
    Protocol,
    /// `method`.
    Method,
    /// `path`.
    Path,
    /// `headers`.
    Headers,
    /// `query`.
    Query,
    /// `port`.
    Port,
    /// `service`.
    Service,
    /// `serviceNetwork`.
    ServiceNetwork,
    /// `serviceTags`.
    ServiceTags,
    /// `sourceVpc`.
    SourceVpc,
    /// `sourceVpcOwnerAccount`.
    SourceVpcOwnerAccount,
    /// `time`.
    Time,
    /// `sourceIp`.
    SourceIp,
    /// `context`.
    Context,
}

impl Field {
    /// The field's name in the JSON request (`principal.orgId` for a field of
    /// the principal object).
    pub fn name(self) -> &'static str {
        match self {
            Field::Principal => "principal",
            Field::PrincipalType => "principal.type",
            Field::RoleArn => "principal.roleArn",
            Field::OrgId => "principal.orgId",
            Field::OrgPaths => "principal.orgPaths",
            Field::PrincipalTags => "principal.tags",
            Field::Action => "action",
            Field::Protocol => "protocol",
            Field::Method => "method",
            Field::Path => "path",
            Field::Headers => "headers",
            Field::Query => "query",
            Field::Port => "port",
            Field::Service => "service",
            Field::ServiceNetwork => "serviceNetwork",
            Field::ServiceTags => "serviceTags",
            Field::SourceVpc => "sourceVpc",
            Field::SourceVpcOwnerAccount => "sourceVpcOwnerAccount",
            Field::Time => "time",
            Field::SourceIp => "sourceIp",
            Field::Context => "context",
        }
    }
}

impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Why a request could not be read or resolved. Messages follow the
/// project's style: one lowercase line, user input in backticks; extra advice
/// is in [`help`](RequestError::help).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RequestError {
    /// A request file that is not JSON, or whose JSON has the wrong shape
    /// (an unknown field, a number where a string belongs).
    Json {
        /// What is wrong.
        message: String,
        /// 1-based line of the problem (0 when unknown).
        line: usize,
        /// 1-based column of the problem (0 when unknown).
        column: usize,
        /// How to fix it.
        help: Option<String>,
    },
    /// A field whose value a request cannot have.
    Invalid {
        /// The field at fault.
        field: Field,
        /// For map fields (`headers`, `query`, `context`, tags): the key at fault.
        key: Option<String>,
        /// What is wrong.
        message: String,
        /// How to fix it.
        help: Option<String>,
    },
}

impl RequestError {
    /// An [`Invalid`](RequestError::Invalid) error about `field`.
    pub(crate) fn invalid(field: Field, message: impl Into<String>) -> Self {
        RequestError::Invalid {
            field,
            key: None,
            message: crate::diagnostic::tidy(message.into()),
            help: None,
        }
    }

    /// The same error, about the entry `key` of its map field.
    pub(crate) fn at_key(mut self, at: &str) -> Self {
        if let RequestError::Invalid { key, .. } = &mut self {
            *key = Some(at.to_owned());
        }
        self
    }

    /// The same error with `help`.
    pub(crate) fn with_help(mut self, text: impl Into<String>) -> Self {
        let text = crate::diagnostic::tidy(text.into());
        match &mut self {
            RequestError::Json { help, .. } | RequestError::Invalid { help, .. } => {
                *help = Some(text);
            }
        }
        self
    }

    /// The one-line message.
    pub fn message(&self) -> &str {
        match self {
            RequestError::Json { message, .. } | RequestError::Invalid { message, .. } => message,
        }
    }

    /// Advice on fixing the request, when there is some.
    pub fn help(&self) -> Option<&str> {
        match self {
            RequestError::Json { help, .. } | RequestError::Invalid { help, .. } => help.as_deref(),
        }
    }

    /// The field at fault, for an [`Invalid`](RequestError::Invalid) error.
    pub fn field(&self) -> Option<Field> {
        match self {
            RequestError::Json { .. } => None,
            RequestError::Invalid { field, .. } => Some(*field),
        }
    }

    /// The key of the map field at fault, when the error is about one entry.
    pub fn key(&self) -> Option<&str> {
        match self {
            RequestError::Json { .. } => None,
            RequestError::Invalid { key, .. } => key.as_deref(),
        }
    }
}

impl fmt::Display for RequestError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RequestError::Json {
                message,
                line,
                column,
                ..
            } if *line > 0 => write!(f, "{message} at line {line}, column {column}"),
            _ => f.write_str(self.message()),
        }
    }
}

impl std::error::Error for RequestError {}

impl miette::Diagnostic for RequestError {
    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        RequestError::help(self).map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }
}
