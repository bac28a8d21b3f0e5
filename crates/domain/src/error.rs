//! The one error type of the domain: which field is wrong, and why.

/// A value refused by a `parse` function; `message` is shown to the user as is.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct DomainError {
    /// Machine name of the offending field (`"first_name"`, `"email"`, ...), for forms and API errors.
    pub field: &'static str,
    /// Human-readable reason, in English.
    pub message: String,
}

impl DomainError {
    /// Builds an error for `field` with a human-readable `message`.
    pub fn new(field: &'static str, message: impl Into<String>) -> Self {
        Self {
            field,
            message: message.into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn displays_the_message_only() {
        let e = DomainError::new("email", "invalid email address");
        assert_eq!(e.to_string(), "invalid email address");
        assert_eq!(e.field, "email");
    }

    #[test]
    fn is_a_std_error() {
        let e: Box<dyn std::error::Error> = Box::new(DomainError::new("x", "y"));
        assert_eq!(e.to_string(), "y");
    }
}
