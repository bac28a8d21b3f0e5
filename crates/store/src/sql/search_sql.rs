//! SQL predicates for the search box and the recent/past filters (SPEC §3), built with
//! numbered placeholders so that one text serves both backends.

use clientele_domain::{ListFilter, SearchQuery};
use sqlx::any::AnyArguments;
use sqlx::Arguments;

use super::Dialect;
use crate::error::{StoreError, StoreResult};
use crate::model::Millis;

/// A value bound to a placeholder.
#[derive(Debug, Clone)]
pub enum Arg {
    Int(i64),
    Text(String),
    /// A NULL of integer or of text type (PostgreSQL wants the type).
    NullInt,
    NullText,
}

/// SQL text and its arguments, numbered `$1, $2, …` in push order.
#[derive(Debug, Default, Clone)]
pub struct SqlParts {
    pub sql: String,
    pub args: Vec<Arg>,
    /// Anonymous `?` placeholders instead of `$n` (see [`SqlParts::positional`]).
    pub anonymous: bool,
}

impl SqlParts {
    /// Adds an argument and returns its placeholder.
    pub fn arg(&mut self, arg: Arg) -> String {
        self.args.push(arg);
        if self.anonymous {
            "?".into()
        } else {
            format!("${}", self.args.len())
        }
    }

    /// For statements that use each argument once, in order (multi-row inserts): SQLite
    /// then gets anonymous `?` placeholders, which it binds by position, where numbered
    /// ones cost a linear name lookup each (quadratic in a long statement).
    pub fn positional(dialect: Dialect) -> Self {
        SqlParts {
            anonymous: dialect == Dialect::Sqlite,
            ..SqlParts::default()
        }
    }

    pub fn int(&mut self, value: i64) -> String {
        self.arg(Arg::Int(value))
    }

    pub fn text(&mut self, value: impl Into<String>) -> String {
        self.arg(Arg::Text(value.into()))
    }

    /// A text argument or NULL: bound either way, so that a multi-row statement's text
    /// does not depend on which values are missing and stays in the statement cache.
    pub fn opt_text(&mut self, value: &Option<String>) -> String {
        match value {
            Some(v) => self.text(v.clone()),
            None => self.arg(Arg::NullText),
        }
    }

    /// An integer argument or NULL (see [`SqlParts::opt_text`]).
    pub fn opt_int(&mut self, value: Option<i64>) -> String {
        match value {
            Some(v) => self.int(v),
            None => self.arg(Arg::NullInt),
        }
    }

    pub fn push(&mut self, sql: &str) -> &mut Self {
        self.sql.push_str(sql);
        self
    }

    pub fn arguments(&self) -> StoreResult<AnyArguments<'static>> {
        let mut args = AnyArguments::default();
        for arg in &self.args {
            let added = match arg {
                Arg::Int(v) => args.add(*v),
                Arg::Text(v) => args.add(v.clone()),
                Arg::NullInt => args.add(None::<i64>),
                Arg::NullText => args.add(None::<String>),
            };
            added.map_err(|e| StoreError::Invalid(e.to_string()))?;
        }
        Ok(args)
    }
}

/// A `SELECT id, sort_key` of the business's clients that match the search: one UNION
/// branch per criterion (name words, phone digits, email fragment), each driven by its
/// own index over narrow copies of the searched columns, so that collecting matches
/// never reads the wide client rows. `b` is the business placeholder.
pub fn candidates(parts: &mut SqlParts, dialect: Dialect, b: &str, search: &SearchQuery) -> String {
    let mut branches: Vec<String> = Vec::new();
    if let Some(names) = name_branch(parts, b, &search.name_words) {
        branches.push(names);
    }
    if let Some(digits) = &search.phone_digits {
        branches.push(contains_branch(parts, dialect, b, "phone_digits", digits));
    }
    if let Some(fragment) = &search.email_fragment {
        branches.push(contains_branch(parts, dialect, b, "email_lower", fragment));
    }
    if branches.is_empty() {
        // A query with no usable part ("@ x") matches nothing.
        return format!("SELECT id, sort_key FROM clients WHERE business_id = {b} AND 1 = 0");
    }
    branches.join(" UNION ")
}

/// Appends ` AND c.id IN (<matching ids>)` for the clients aliased `c`. With `walk`, the
/// id test is hidden from SQLite's index choice (`+c.id`), so that it walks the list
/// order and probes the id set instead of sorting a large match set.
pub fn push_search(
    parts: &mut SqlParts,
    dialect: Dialect,
    b: &str,
    search: &SearchQuery,
    walk: bool,
) {
    let set = candidates(parts, dialect, b, search);
    let column = if walk { "+c.id" } else { "c.id" };
    parts.push(&format!(" AND {column} IN (SELECT m.id FROM ({set}) m)"));
}

/// Every query word must be a prefix of one of the client's name words. The longest word
/// (the most selective) drives the index on `client_words`; the others are checked on
/// its copy of `name_words`, which holds the words as ` w1 w2 w3`.
fn name_branch(parts: &mut SqlParts, b: &str, words: &[String]) -> Option<String> {
    let longest = words.iter().max_by_key(|w| w.len())?;
    let lo = parts.text(longest.clone());
    let hi = parts.text(prefix_upper_bound(longest));
    let mut sql = format!(
        "SELECT w.client_id AS id, w.sort_key AS sort_key FROM client_words w \
         WHERE w.business_id = {b} AND w.word >= {lo} AND w.word < {hi}"
    );
    for word in words.iter().filter(|w| *w != longest) {
        // Words are ASCII alphanumerics (domain::text::words), so no LIKE escaping is needed.
        let pattern = parts.text(format!("% {word}%"));
        sql.push_str(&format!(" AND w.name_words LIKE {pattern}"));
    }
    Some(sql)
}

/// Smallest string greater than every string starting with `prefix` (words are ASCII
/// alphanumerics, all below `~`).
fn prefix_upper_bound(prefix: &str) -> String {
    format!("{prefix}~")
}

/// Clients whose `column` contains `fragment`, through a trigram index: FTS5's in
/// SQLite (a narrow table of its own), pg_trgm's GIN in PostgreSQL. Trigrams need three
/// characters; shorter fragments match too much to be worth an index anyway.
fn contains_branch(
    parts: &mut SqlParts,
    dialect: Dialect,
    b: &str,
    column: &str,
    fragment: &str,
) -> String {
    let exact_param = parts.text(fragment.to_string());
    let indexed = fragment.chars().count() >= 3;
    match dialect {
        Dialect::Sqlite => {
            let mut sql = format!(
                "SELECT f.client_id AS id, f.sort_key AS sort_key FROM client_contacts_fts f \
                 WHERE f.business_id = {b} AND instr(f.{column}, {exact_param}) > 0"
            );
            if indexed {
                // FTS5 has no ESCAPE: `_`/`%` stay wildcards; the instr() test is exact.
                let pattern = parts.text(format!("%{fragment}%"));
                sql.push_str(&format!(" AND f.{column} LIKE {pattern}"));
            }
            sql
        }
        Dialect::Postgres => {
            let mut sql = format!(
                "SELECT c.id AS id, c.sort_key AS sort_key FROM clients c \
                 WHERE c.business_id = {b} AND strpos(c.{column}, {exact_param}) > 0"
            );
            if indexed {
                let pattern = parts.text(format!("%{}%", escape_like(fragment)));
                sql.push_str(&format!(" AND c.{column} LIKE {pattern}"));
            }
            sql
        }
    }
}

fn escape_like(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        if matches!(ch, '\\' | '%' | '_') {
            out.push('\\');
        }
        out.push(ch);
    }
    out
}

/// Appends ` AND (<filter holds>)` for the clients aliased `c`. The activity columns must
/// have been advanced to `now` (see `activity::advance`).
pub fn push_filter(parts: &mut SqlParts, filter: ListFilter, since: Millis) {
    let since = parts.int(since);
    match filter {
        ListFilter::Recent(_) => parts.push(&format!(" AND c.last_visit_at >= {since}")),
        ListFilter::Past(_) => parts.push(&format!(
            " AND (c.last_appointment_at <= {since} \
             OR (c.last_appointment_at IS NULL AND c.created_at < {since}))"
        )),
    };
}

/// `SELECT <count>` of the business's clients that pass the filter, as index range counts
/// (the past filter's two cases counted apart, so each is one range).
pub fn filter_count(parts: &mut SqlParts, b: &str, filter: ListFilter, since: Millis) -> String {
    let since = parts.int(since);
    match filter {
        ListFilter::Recent(_) => format!(
            "SELECT count(*) FROM clients c WHERE c.business_id = {b} AND c.last_visit_at >= {since}"
        ),
        ListFilter::Past(_) => format!(
            "SELECT (SELECT count(*) FROM clients c WHERE c.business_id = {b} \
             AND c.last_appointment_at <= {since}) + (SELECT count(*) FROM clients c \
             WHERE c.business_id = {b} AND c.last_appointment_at IS NULL AND c.created_at < {since})"
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_numbered_in_push_order() {
        let mut parts = SqlParts::default();
        assert_eq!(parts.int(1), "$1");
        assert_eq!(parts.text("a"), "$2");
    }

    #[test]
    fn like_escaping_keeps_wildcards_literal() {
        assert_eq!(escape_like("a_b%c\\"), "a\\_b\\%c\\\\");
    }

    #[test]
    fn upper_bound_is_above_every_word_with_the_prefix() {
        let hi = prefix_upper_bound("jean");
        assert!("jeanne" < hi.as_str() && "jean9" < hi.as_str());
        assert!("jeao" > hi.as_str());
    }
}
