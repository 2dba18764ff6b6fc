//! Passwords: argon2id hashes in PHC strings, and the rule for a new password.
//!
//! The store keeps only the hash; verification takes the parameters from the stored
//! string, so stronger parameters later do not lock out old accounts.

use argon2::Argon2;
use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};

/// The shortest password passend accepts.
pub const MIN_PASSWORD_CHARS: usize = 12;

/// Why a password cannot be used or hashed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct PasswordError(pub String);

/// Checks a new password: long enough, not one repeated character, not the user name.
pub fn check_new_password(password: &str, username: &str) -> Result<(), PasswordError> {
    let chars = password.chars().count();
    if chars < MIN_PASSWORD_CHARS {
        return Err(PasswordError(format!(
            "het wachtwoord is te kort: gebruik ten minste {MIN_PASSWORD_CHARS} tekens (het heeft er {chars})"
        )));
    }
    let first = password.chars().next();
    if password.chars().all(|c| Some(c) == first) {
        return Err(PasswordError(
            "het wachtwoord bestaat uit één herhaald teken".to_owned(),
        ));
    }
    if password.to_lowercase().contains(&username.to_lowercase()) && !username.is_empty() {
        return Err(PasswordError(
            "het wachtwoord bevat de gebruikersnaam".to_owned(),
        ));
    }
    Ok(())
}

/// Hashes a password with argon2id (default parameters, random salt).
pub fn hash_password(password: &str) -> Result<String, PasswordError> {
    Argon2::default()
        .hash_password(password.as_bytes())
        .map(|h| h.to_string())
        .map_err(|_| PasswordError("het wachtwoord kan niet worden versleuteld".to_owned()))
}

/// Whether `password` matches a stored hash; a malformed hash never matches.
pub fn verify_password(password: &str, stored: &str) -> bool {
    PasswordHash::new(stored).is_ok_and(|parsed| {
        Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_are_argon2id_salted_and_verify() {
        let a = hash_password("correct paard batterij").unwrap();
        let b = hash_password("correct paard batterij").unwrap();
        assert!(a.starts_with("$argon2id$"), "{a}");
        assert_ne!(a, b, "a random salt each time");
        assert!(verify_password("correct paard batterij", &a));
        assert!(!verify_password("correct paard batterij!", &a));
        assert!(!verify_password("correct paard batterij", "geen hash"));
    }

    #[test]
    fn weak_passwords_are_refused_in_dutch() {
        assert!(
            check_new_password("kort", "x")
                .unwrap_err()
                .0
                .contains("te kort")
        );
        assert!(check_new_password("aaaaaaaaaaaaaa", "x").is_err());
        assert!(check_new_password("jansen-wachtwoord", "Jansen").is_err());
        assert!(check_new_password("correct paard batterij", "jansen").is_ok());
    }
}
