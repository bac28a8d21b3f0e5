//! `OutboxStore` for [`SqlStore`]: each method hands over to its module.

use async_trait::async_trait;

use super::{outbox, webhooks, SqlStore};
use crate::error::StoreResult;
use crate::model::*;
use crate::outbox_model::*;
use crate::traits::OutboxStore;

#[async_trait]
impl OutboxStore for SqlStore {
    async fn enqueue_email(
        &self,
        business: BusinessId,
        email: &NewEmail,
        now: Millis,
    ) -> StoreResult<OutboxItem> {
        outbox::enqueue_email(self, business, email, now).await
    }
    async fn outbox(
        &self,
        business: BusinessId,
        channel: Channel,
        before: Option<i64>,
        limit: u32,
    ) -> StoreResult<Vec<OutboxItem>> {
        outbox::list(self, business, channel, before, limit).await
    }
    async fn outbox_item(&self, business: BusinessId, id: i64) -> StoreResult<Option<OutboxItem>> {
        outbox::get(self, business, id).await
    }
    async fn retry_outbox_item(&self, business: BusinessId, id: i64) -> StoreResult<OutboxItem> {
        outbox::retry(self, business, id).await
    }
    async fn claim_outbox(
        &self,
        channel: Channel,
        now: Millis,
        lease_ms: i64,
        token: &str,
        limit: u32,
    ) -> StoreResult<Vec<OutboxItem>> {
        outbox::claim(self, channel, now, lease_ms, token, limit).await
    }
    async fn complete_outbox_item(
        &self,
        item: &OutboxItem,
        token: &str,
        outcome: &DeliveryOutcome,
        now: Millis,
    ) -> StoreResult<bool> {
        outbox::complete(self, item, token, outcome, now).await
    }

    async fn create_webhook(
        &self,
        business: BusinessId,
        url: &str,
        secret: &str,
        events: &[String],
        now: Millis,
    ) -> StoreResult<Webhook> {
        webhooks::create(self, business, url, secret, events, now).await
    }
    async fn webhooks(&self, business: BusinessId) -> StoreResult<Vec<Webhook>> {
        webhooks::list(self, business).await
    }
    async fn webhook(&self, business: BusinessId, id: i64) -> StoreResult<Option<Webhook>> {
        webhooks::get(self, business, id).await
    }
    async fn delete_webhook(&self, business: BusinessId, id: i64) -> StoreResult<()> {
        webhooks::delete(self, business, id).await
    }
    async fn purge_outbox(&self, before: Millis) -> StoreResult<u64> {
        outbox::purge(self, before).await
    }
}
