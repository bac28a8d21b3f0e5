//! Adding, reading, editing and deleting clients.

use sqlx::Row;

use super::rows::*;
use super::{merge, outbox, SqlStore};

use crate::error::{StoreError, StoreResult};
use crate::model::*;
use crate::outbox_model::WebhookEvent;

/// The stored, derived forms of a client's editable fields.
pub struct ClientColumns {
    pub first_name: String,
    pub last_name: String,
    pub sort_key: String,
    pub name_key: String,
    pub name_words: String,
    pub words: Vec<String>,
    pub email: Option<String>,
    pub email_lower: Option<String>,
    pub phone: Option<String>,
    pub phone_digits: Option<String>,
    pub notes: String,
}

impl From<&ClientFields> for ClientColumns {
    fn from(f: &ClientFields) -> Self {
        let words = f.name.search_words();
        ClientColumns {
            first_name: f.name.first().to_string(),
            last_name: f.name.last().to_string(),
            sort_key: f.name.sort_key(),
            name_key: f.name.name_key(),
            name_words: name_words_column(&words),
            words,
            email: f.email.as_ref().map(|e| e.as_str().to_string()),
            email_lower: f.email.as_ref().map(|e| e.normalized()),
            phone: f.phone.as_ref().map(|p| p.as_str().to_string()),
            phone_digits: f.phone.as_ref().map(|p| p.digits().to_string()),
            notes: f.notes.as_str().to_string(),
        }
    }
}

/// ` w1 w2 …`: the leading space lets `LIKE '% w%'` test a word prefix.
pub fn name_words_column(words: &[String]) -> String {
    words.iter().map(|w| format!(" {w}")).collect()
}

pub async fn fetch_client(
    conn: &mut sqlx::AnyConnection,
    business: BusinessId,
    id: i64,
) -> StoreResult<Option<Client>> {
    fetch_client_with(conn, business, id, "").await
}

pub async fn fetch_client_with(
    conn: &mut sqlx::AnyConnection,
    business: BusinessId,
    id: i64,
    suffix: &str,
) -> StoreResult<Option<Client>> {
    let sql = format!(
        "SELECT {CLIENT_COLUMNS} FROM clients c WHERE c.business_id = $1 AND c.id = $2{suffix}"
    );
    let row = sqlx::query(&sql)
        .bind(business)
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?;
    row.as_ref().map(client_from_row).transpose()
}

pub async fn client_with_name_key(
    conn: &mut sqlx::AnyConnection,
    business: BusinessId,
    name_key: &str,
    except: i64,
) -> StoreResult<Option<i64>> {
    let row = sqlx::query(
        "SELECT id FROM clients WHERE business_id = $1 AND name_key = $2 AND id <> $3 \
         ORDER BY id LIMIT 1",
    )
    .bind(business)
    .bind(name_key.to_string())
    .bind(except)
    .fetch_optional(&mut *conn)
    .await?;
    Ok(match row {
        Some(row) => Some(row.try_get(0)?),
        None => None,
    })
}

pub async fn insert_client(
    store: &SqlStore,
    business: BusinessId,
    fields: &ClientFields,
    allow_homonym: bool,
    now: Millis,
) -> StoreResult<Client> {
    let cols = ClientColumns::from(fields);
    let mut tx = store.write_tx().await?;
    store
        .dialect
        .lock_key(&mut tx, business, &cols.name_key)
        .await?;
    if !allow_homonym {
        if let Some(existing_id) =
            client_with_name_key(&mut tx, business, &cols.name_key, -1).await?
        {
            return Err(StoreError::DuplicateName { existing_id });
        }
    }
    let id = store.dialect.alloc_ids(&mut tx, 1).await?[0];
    insert_row(&mut tx, business, id, &cols, now).await?;
    insert_words(&mut tx, business, id, &cols).await?;
    let client = fetch_client(&mut tx, business, id)
        .await?
        .ok_or(StoreError::NotFound)?;
    let event = WebhookEvent::ClientCreated {
        client: client.clone(),
    };
    outbox::emit(store.dialect, &mut tx, business, &event, now).await?;
    tx.commit().await?;
    Ok(client)
}

pub async fn insert_row(
    conn: &mut sqlx::AnyConnection,
    business: BusinessId,
    id: i64,
    cols: &ClientColumns,
    created_at: Millis,
) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO clients (business_id, id, first_name, last_name, sort_key, name_key, \
         name_words, email, email_lower, phone, phone_digits, notes, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $13)",
    )
    .bind(business)
    .bind(id)
    .bind(&cols.first_name)
    .bind(&cols.last_name)
    .bind(&cols.sort_key)
    .bind(&cols.name_key)
    .bind(&cols.name_words)
    .bind(&cols.email)
    .bind(&cols.email_lower)
    .bind(&cols.phone)
    .bind(&cols.phone_digits)
    .bind(&cols.notes)
    .bind(created_at)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

pub async fn insert_words(
    conn: &mut sqlx::AnyConnection,
    business: BusinessId,
    client_id: i64,
    cols: &ClientColumns,
) -> StoreResult<()> {
    for word in &cols.words {
        sqlx::query(
            "INSERT INTO client_words (business_id, word, client_id, sort_key, name_words) \
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(business)
        .bind(word)
        .bind(client_id)
        .bind(&cols.sort_key)
        .bind(&cols.name_words)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

pub async fn delete_words(
    conn: &mut sqlx::AnyConnection,
    business: BusinessId,
    client_id: i64,
) -> StoreResult<()> {
    sqlx::query("DELETE FROM client_words WHERE business_id = $1 AND client_id = $2")
        .bind(business)
        .bind(client_id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

pub async fn update_client(
    store: &SqlStore,
    business: BusinessId,
    id: i64,
    expected_version: i64,
    fields: &ClientFields,
    actor: &Actor,
    now: Millis,
) -> StoreResult<UpdateOutcome> {
    let cols = ClientColumns::from(fields);
    let mut tx = store.write_tx().await?;
    store
        .dialect
        .lock_key(&mut tx, business, &cols.name_key)
        .await?;
    let current = fetch_client_with(&mut tx, business, id, store.dialect.for_update())
        .await?
        .ok_or(StoreError::NotFound)?;
    if current.version != expected_version {
        return Err(StoreError::VersionConflict {
            current_version: current.version,
        });
    }
    let renamed = current.first_name != cols.first_name || current.last_name != cols.last_name;
    // Only an edit that changes the normalised name can make it equal another client's:
    // fixing the capitals or accents of a homonym added on purpose must not merge it.
    let name_key_changed =
        match clientele_domain::PersonName::parse(&current.first_name, &current.last_name) {
            Ok(old) => old.name_key() != cols.name_key,
            Err(_) => true,
        };
    if renamed && name_key_changed {
        if let Some(keep_id) = client_with_name_key(&mut tx, business, &cols.name_key, id).await? {
            let into = merge::merge_edited_into(
                store.dialect,
                &mut tx,
                business,
                keep_id,
                &current,
                &cols,
                actor,
                now,
            )
            .await?;
            tx.commit().await?;
            return Ok(UpdateOutcome::Merged { into });
        }
    }
    write_fields(&mut tx, business, id, &cols, now).await?;
    if renamed {
        delete_words(&mut tx, business, id).await?;
        insert_words(&mut tx, business, id, &cols).await?;
    }
    let client = fetch_client(&mut tx, business, id)
        .await?
        .ok_or(StoreError::NotFound)?;
    let event = WebhookEvent::ClientUpdated {
        client: client.clone(),
    };
    outbox::emit(store.dialect, &mut tx, business, &event, now).await?;
    tx.commit().await?;
    Ok(UpdateOutcome::Updated(client))
}

async fn write_fields(
    conn: &mut sqlx::AnyConnection,
    business: BusinessId,
    id: i64,
    cols: &ClientColumns,
    now: Millis,
) -> StoreResult<()> {
    sqlx::query(
        "UPDATE clients SET first_name = $3, last_name = $4, sort_key = $5, name_key = $6, \
         name_words = $7, email = $8, email_lower = $9, phone = $10, phone_digits = $11, \
         notes = $12, updated_at = $13, version = version + 1 \
         WHERE business_id = $1 AND id = $2",
    )
    .bind(business)
    .bind(id)
    .bind(&cols.first_name)
    .bind(&cols.last_name)
    .bind(&cols.sort_key)
    .bind(&cols.name_key)
    .bind(&cols.name_words)
    .bind(&cols.email)
    .bind(&cols.email_lower)
    .bind(&cols.phone)
    .bind(&cols.phone_digits)
    .bind(&cols.notes)
    .bind(now)
    .execute(&mut *conn)
    .await?;
    Ok(())
}
