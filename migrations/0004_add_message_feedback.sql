-- Thumbs up/down from the visitor on an assistant message, stored with the message it rates.
-- NULL: no rating (or a rating taken back). feedback_at: when it was last set, epoch milliseconds.
ALTER TABLE messages ADD COLUMN feedback TEXT CHECK (feedback IN ('up', 'down'));
ALTER TABLE messages ADD COLUMN feedback_at INTEGER;
