"""The outbox: emails written in the same transaction as what they announce, sent by a background job."""
