//! The client list: keyset pagination in name order, with search, filters and a total.

use sqlx::Row;

use super::rows::*;
use super::search_sql::{push_filter, push_search, SqlParts};
use super::SqlStore;
use crate::error::StoreResult;
use crate::model::*;

/// ` FROM clients c WHERE …` for a business, a search and a filter.
pub fn matching_clients(store: &SqlStore, business: BusinessId, query: &ListQuery) -> SqlParts {
    let mut parts = SqlParts::default();
    let b = parts.int(business);
    parts.push(&format!(" FROM clients c WHERE c.business_id = {b}"));
    if let Some(search) = &query.search {
        push_search(&mut parts, store.dialect, search);
    }
    if let (Some(filter), Some(since)) = (query.filter, query.filter_since) {
        push_filter(&mut parts, filter, since, query.now);
    }
    parts
}

pub async fn list_clients(
    store: &SqlStore,
    business: BusinessId,
    query: &ListQuery,
) -> StoreResult<ClientPage> {
    let matching = matching_clients(store, business, query);

    let mut count = matching.clone();
    count.sql = format!("SELECT count(*){}", matching.sql);

    let mut page = matching;
    if let Some(after) = &query.after {
        let key = page.text(after.sort_key.clone());
        let id = page.int(after.id);
        page.push(&format!(" AND (c.sort_key, c.id) > ({key}, {id})"));
    }
    let limit = page.int(i64::from(query.limit) + 1);
    page.sql = format!(
        "SELECT {CLIENT_COLUMNS}{} ORDER BY c.sort_key, c.id LIMIT {limit}",
        page.sql
    );

    // Count and page on two connections at once: the slower of the two sets the latency.
    let (total, rows) = tokio::try_join!(
        async {
            let mut conn = store.reader.acquire().await?;
            let row = sqlx::query_with(&count.sql, count.arguments()?)
                .fetch_one(&mut *conn)
                .await?;
            StoreResult::Ok(row.try_get::<i64, _>(0)?)
        },
        async {
            let mut conn = store.reader.acquire().await?;
            Ok(sqlx::query_with(&page.sql, page.arguments()?)
                .fetch_all(&mut *conn)
                .await?)
        }
    )?;

    let has_more = rows.len() > query.limit as usize;
    let rows = &rows[..rows.len().min(query.limit as usize)];
    let clients = rows
        .iter()
        .map(client_from_row)
        .collect::<StoreResult<Vec<_>>>()?;
    let next = match (has_more, rows.last()) {
        (true, Some(last)) => Some(Cursor {
            sort_key: sort_key_of(last)?,
            id: last.try_get(1)?,
        }),
        _ => None,
    };
    Ok(ClientPage {
        clients,
        next,
        total,
    })
}
