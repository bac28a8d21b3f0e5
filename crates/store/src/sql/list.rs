//! The client list: name order, keyset pagination, search, filters and a total.
//!
//! Two plans. A search first collects the ids and sort keys of its matches through its
//! indexes; when they are few (the usual case: a name, four phone digits, part of an
//! email) the page is cut from them in memory and fetched by id. When they are many, or
//! without a search, the page walks the list-order index and the total is counted.

use std::collections::HashMap;

use clientele_domain::{ListFilter, SearchQuery};
use sqlx::Row;

use super::rows::*;
use super::search_sql::{candidates, filter_count, push_filter, push_search, SqlParts};
use super::{activity, SqlStore};
use crate::error::StoreResult;
use crate::model::*;

/// Matches up to which a search is paged in memory.
const SMALL_MATCH_SET: usize = 25_000;

pub async fn list_clients(
    store: &SqlStore,
    business: BusinessId,
    query: &ListQuery,
) -> StoreResult<ClientPage> {
    if matches!(query.filter, Some(ListFilter::Recent(_))) {
        activity::advance(store, business, query.now).await?;
    }
    let Some(search) = &query.search else {
        return walk_page(store, business, query, None).await;
    };
    let mut parts = SqlParts::default();
    let b = parts.int(business);
    let set = candidates(&mut parts, store.dialect, &b, search);
    if query.filter.is_some() {
        parts.push(&format!(
            "SELECT c.id, c.sort_key FROM clients c WHERE c.business_id = {b} \
             AND c.id IN (SELECT m.id FROM ({set}) m)"
        ));
        push_selected_filter(&mut parts, query);
    } else {
        parts.push(&format!("SELECT m.id, m.sort_key FROM ({set}) m"));
    }
    let cap = parts.int(SMALL_MATCH_SET as i64 + 1);
    parts.push(&format!(" LIMIT {cap}"));
    let rows = sqlx::query_with(&parts.sql, parts.arguments()?)
        .fetch_all(&store.reader)
        .await?;
    if rows.len() > SMALL_MATCH_SET {
        return walk_page(store, business, query, Some(search)).await;
    }
    let mut keys = rows
        .iter()
        .map(|r| Ok((r.try_get::<String, _>(1)?, r.try_get::<i64, _>(0)?)))
        .collect::<StoreResult<Vec<_>>>()?;
    // Byte order, as SQLite's BINARY and PostgreSQL's "C" collation sort.
    keys.sort();
    page_from_keys(store, business, query, &keys).await
}

fn push_selected_filter(parts: &mut SqlParts, query: &ListQuery) {
    if let (Some(filter), Some(since)) = (query.filter, query.filter_since) {
        push_filter(parts, filter, since);
    }
}

/// Writes into `parts` (holding only the business as `b`) the cheapest count of matches.
fn count_sql(
    store: &SqlStore,
    parts: &mut SqlParts,
    b: &str,
    query: &ListQuery,
    search: Option<&SearchQuery>,
) {
    parts.sql = match (search, query.filter, query.filter_since) {
        (None, Some(filter), Some(since)) => filter_count(parts, b, filter, since),
        // The whole list: the trigger-maintained counter, not a scan.
        (None, _, _) => format!(
            "SELECT coalesce((SELECT clients FROM business_counters WHERE business_id = {b}), 0)"
        ),
        (Some(search), Some(_), Some(_)) => {
            parts.push(&format!(
                "SELECT count(*) FROM clients c WHERE c.business_id = {b}"
            ));
            push_search(parts, store.dialect, b, search, false);
            push_selected_filter(parts, query);
            return;
        }
        (Some(search), _, _) => {
            let set = candidates(parts, store.dialect, b, search);
            format!("SELECT count(*) FROM ({set}) m")
        }
    };
}

/// Cuts the page after the cursor out of all matching (sort key, id), sorted.
async fn page_from_keys(
    store: &SqlStore,
    business: BusinessId,
    query: &ListQuery,
    keys: &[(String, i64)],
) -> StoreResult<ClientPage> {
    let start = match &query.after {
        Some(after) => keys.partition_point(|(k, id)| (k, *id) <= (&after.sort_key, after.id)),
        None => 0,
    };
    let end = (start + query.limit as usize).min(keys.len());
    let page = &keys[start..end];
    let clients = fetch_by_ids(store, business, page.iter().map(|(_, id)| *id)).await?;
    let next = match page.last() {
        Some((sort_key, id)) if end < keys.len() => Some(Cursor {
            sort_key: sort_key.clone(),
            id: *id,
        }),
        _ => None,
    };
    Ok(ClientPage {
        clients,
        next,
        total: keys.len() as i64,
    })
}

/// The clients with these ids, in the order given.
async fn fetch_by_ids(
    store: &SqlStore,
    business: BusinessId,
    ids: impl Iterator<Item = i64>,
) -> StoreResult<Vec<Client>> {
    let ids: Vec<i64> = ids.collect();
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut parts = SqlParts::default();
    let b = parts.int(business);
    let list: Vec<String> = ids.iter().map(|id| parts.int(*id)).collect();
    parts.push(&format!(
        "SELECT {CLIENT_COLUMNS} FROM clients c WHERE c.business_id = {b} AND c.id IN ({})",
        list.join(", ")
    ));
    let rows = sqlx::query_with(&parts.sql, parts.arguments()?)
        .fetch_all(&store.reader)
        .await?;
    let mut by_id: HashMap<i64, Client> = HashMap::with_capacity(rows.len());
    for row in &rows {
        let client = client_from_row(row)?;
        by_id.insert(client.id, client);
    }
    Ok(ids.iter().filter_map(|id| by_id.remove(id)).collect())
}

/// Walks the list-order index from the cursor, keeping rows that match.
async fn walk_page(
    store: &SqlStore,
    business: BusinessId,
    query: &ListQuery,
    search: Option<&SearchQuery>,
) -> StoreResult<ClientPage> {
    let mut count = SqlParts::default();
    let b = count.int(business);
    count_sql(store, &mut count, &b, query, search);

    let mut page = SqlParts::default();
    let b = page.int(business);
    page.push(&format!(" FROM clients c WHERE c.business_id = {b}"));
    if let Some(search) = search {
        push_search(&mut page, store.dialect, &b, search, true);
    }
    push_selected_filter(&mut page, query);
    if let Some(after) = &query.after {
        let key = page.text(after.sort_key.clone());
        let id = page.int(after.id);
        page.push(&format!(" AND (c.sort_key, c.id) > ({key}, {id})"));
    }
    let limit = page.int(i64::from(query.limit) + 1);
    let whole_list = search.is_none() && query.filter.is_none();
    // The whole list's counter rides along as a column: one query instead of two. (Its
    // SQL only uses the business, `$1` in both.)
    let total_column = if whole_list {
        format!(", ({}) AS total", count.sql)
    } else {
        String::new()
    };
    page.sql = format!(
        "SELECT {CLIENT_COLUMNS}{total_column}{} ORDER BY c.sort_key, c.id LIMIT {limit}",
        page.sql
    );

    if whole_list {
        let rows = sqlx::query_with(&page.sql, page.arguments()?)
            .fetch_all(&store.reader)
            .await?;
        let total = match rows.first() {
            Some(row) => row.try_get::<i64, _>(CLIENT_COLUMN_COUNT)?,
            None => {
                let row = sqlx::query_with(&count.sql, count.arguments()?)
                    .fetch_one(&store.reader)
                    .await?;
                row.try_get::<i64, _>(0)?
            }
        };
        return finish_page(rows, query, total);
    }

    // Count and page on two connections at once: the slower of the two sets the latency.
    let (total, rows) = tokio::try_join!(
        async {
            let row = sqlx::query_with(&count.sql, count.arguments()?)
                .fetch_one(&store.reader)
                .await?;
            StoreResult::Ok(row.try_get::<i64, _>(0)?)
        },
        async {
            Ok(sqlx::query_with(&page.sql, page.arguments()?)
                .fetch_all(&store.reader)
                .await?)
        }
    )?;

    finish_page(rows, query, total)
}

/// Turns the fetched rows (one more than the limit when there is a next page) into a page.
fn finish_page(
    rows: Vec<sqlx::any::AnyRow>,
    query: &ListQuery,
    total: i64,
) -> StoreResult<ClientPage> {
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
