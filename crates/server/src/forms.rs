//! Intake form answers checked against the appointment type's form (SPEC §2, §8).

use clientele_store::{FormAnswer, FormField};

use crate::error::{ApiError, ApiResult};

const MAX_ANSWER_CHARS: usize = 5_000;
const YES: [&str; 4] = ["yes", "oui", "true", "on"];
const NO: [&str; 4] = ["no", "non", "false", "off"];

/// Returns the answers in the form's order, normalised; a required field left empty, an
/// unknown label, or a value outside a select's options is a 422 naming the field.
pub fn validate_answers(form: &[FormField], answers: &[FormAnswer]) -> ApiResult<Vec<FormAnswer>> {
    for answer in answers {
        if !form.iter().any(|f| f.label == answer.label) {
            return Err(field_error(
                &answer.label,
                "is not a field of this appointment type's form",
            ));
        }
        if answer.value.chars().count() > MAX_ANSWER_CHARS {
            return Err(field_error(
                &answer.label,
                "is too long (max 5000 characters)",
            ));
        }
    }
    let mut out = Vec::with_capacity(form.len());
    for field in form {
        let value = answers
            .iter()
            .find(|a| a.label == field.label)
            .map(|a| a.value.trim())
            .unwrap_or("");
        let value = match field.kind.as_str() {
            "checkbox" | "yes_no" if !value.is_empty() => {
                let lower = value.to_lowercase();
                if YES.contains(&lower.as_str()) {
                    "yes".to_string()
                } else if NO.contains(&lower.as_str()) {
                    "no".to_string()
                } else {
                    return Err(field_error(&field.label, "must be yes or no"));
                }
            }
            "select" if !value.is_empty() => {
                let options = field.options.as_deref().unwrap_or_default();
                if !options.iter().any(|o| o == value) {
                    return Err(field_error(
                        &field.label,
                        &format!("must be one of: {}", options.join(", ")),
                    ));
                }
                value.to_string()
            }
            _ => value.to_string(),
        };
        // A required checkbox must be ticked; any other required field must be filled.
        let missing = value.is_empty() || (field.kind == "checkbox" && value == "no");
        if field.required && missing {
            return Err(field_error(&field.label, "is required"));
        }
        if !value.is_empty() {
            out.push(FormAnswer {
                label: field.label.clone(),
                value,
            });
        }
    }
    Ok(out)
}

fn field_error(label: &str, problem: &str) -> ApiError {
    ApiError::validation(
        &format!("form.{label}"),
        format!("\u{201c}{label}\u{201d} {problem}"),
    )
}

/// A client's fields from what a person typed (blank email or phone: none), parsed by
/// the domain's rules; the JSON API and the web form share it.
pub fn client_fields_from(
    first_name: &str,
    last_name: &str,
    email: &str,
    phone: &str,
    notes: &str,
) -> ApiResult<clientele_store::ClientFields> {
    Ok(clientele_store::ClientFields {
        name: clientele_domain::PersonName::parse(first_name, last_name)?,
        email: clientele_domain::email::parse_optional_email(Some(email))?,
        phone: clientele_domain::phone::parse_optional_phone(Some(phone))?,
        notes: clientele_domain::Notes::parse(notes)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field(label: &str, kind: &str, required: bool) -> FormField {
        FormField {
            label: label.into(),
            kind: kind.into(),
            required,
            options: None,
        }
    }

    fn answer(label: &str, value: &str) -> FormAnswer {
        FormAnswer {
            label: label.into(),
            value: value.into(),
        }
    }

    #[test]
    fn a_missing_required_field_is_named() {
        let form = [field("Allergies", "text", true)];
        let err = validate_answers(&form, &[]).unwrap_err();
        assert!(matches!(err, ApiError::Validation { ref field, .. } if field == "form.Allergies"));
        assert!(validate_answers(&form, &[answer("Allergies", "  ")]).is_err());
        assert_eq!(
            validate_answers(&form, &[answer("Allergies", "none")]).unwrap()[0].value,
            "none"
        );
    }

    #[test]
    fn yes_no_select_and_unknown_labels() {
        let mut colour = field("Colour", "select", false);
        colour.options = Some(vec!["Red".into(), "Blue".into()]);
        let form = [field("Consent", "checkbox", true), colour];
        assert!(validate_answers(&form, &[answer("Consent", "no")]).is_err());
        let ok =
            validate_answers(&form, &[answer("Consent", "Oui"), answer("Colour", "Blue")]).unwrap();
        assert_eq!(ok, vec![answer("Consent", "yes"), answer("Colour", "Blue")]);
        assert!(validate_answers(
            &form,
            &[answer("Consent", "yes"), answer("Colour", "Green")]
        )
        .is_err());
        assert!(
            validate_answers(&form, &[answer("Consent", "yes"), answer("Other", "x")]).is_err()
        );
    }
}
