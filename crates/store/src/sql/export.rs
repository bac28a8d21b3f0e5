//! Streaming the client list out (SPEC §9): one query in list order, rows handed over
//! one by one, so memory stays flat whatever the list's size.

use futures_util::TryStreamExt;
use sqlx::Row;

use super::rows::*;
use super::search_sql::{push_filter, push_search, SqlParts};
use super::{activity, SqlStore};
use crate::error::StoreResult;
use crate::model::*;
use clientele_domain::ListFilter;

pub async fn export(
    store: &SqlStore,
    business: BusinessId,
    query: &ListQuery,
    sink: tokio::sync::mpsc::Sender<ExportRow>,
) -> StoreResult<u64> {
    if matches!(query.filter, Some(ListFilter::Recent(_))) {
        activity::advance(store, business, query.now).await?;
    }
    let mut parts = SqlParts::default();
    let b = parts.int(business);
    parts.push(" FROM clients c WHERE c.business_id = ");
    parts.push(&b);
    if let Some(search) = &query.search {
        push_search(&mut parts, store.dialect, &b, search, false);
    }
    if let (Some(filter), Some(since)) = (query.filter, query.filter_since) {
        push_filter(&mut parts, filter, since);
    }
    parts.sql = format!(
        "SELECT {CLIENT_COLUMNS}, (SELECT count(*) FROM appointments a WHERE a.business_id = c.business_id \
         AND a.client_id = c.id){} ORDER BY c.sort_key, c.id",
        parts.sql
    );
    // One read transaction: the file is one consistent snapshot of the list.
    let mut tx = store.reader.begin().await?;
    let mut sent = 0;
    {
        let mut rows = sqlx::query_with(&parts.sql, parts.arguments()?).fetch(&mut *tx);
        while let Some(row) = rows.try_next().await? {
            let export_row = ExportRow {
                client: client_from_row(&row)?,
                appointment_count: row.try_get(CLIENT_COLUMN_COUNT)?,
            };
            if sink.send(export_row).await.is_err() {
                break;
            }
            sent += 1;
        }
    }
    tx.rollback().await?;
    Ok(sent)
}
