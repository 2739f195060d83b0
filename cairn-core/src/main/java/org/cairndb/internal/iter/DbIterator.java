package org.cairndb.internal.iter;

import java.util.Objects;
import org.cairndb.CairnException;
import org.cairndb.Cursor;
import org.cairndb.internal.key.InternalKey;
import org.cairndb.internal.key.ValueKind;

/**
 * The user's {@link Cursor}: turns a merged stream of internal keys into the database as seen at
 * snapshot sequence {@code seq}. Only entries with sequence {@code <= seq} are visible; of those,
 * the newest entry of each user key decides it: a PUT shows its value, a DELETE hides the key.
 *
 * <p>Positioning: moving forward, the internal iterator stays on the entry the cursor shows (the
 * newest visible PUT of the current user key). Moving backward, the newest visible version of a key
 * is only known after all its versions have been passed, so the cursor keeps that entry's key and
 * value itself and leaves the internal iterator before all entries of the current user key (on an
 * entry of a smaller user key, or invalid), with only invisible entries in between. Changing
 * direction re-establishes the other arrangement.
 *
 * <p>Ownership: the cursor owns the internal iterator and closes it in {@link #close()}, then runs
 * {@code onClose} exactly once (the engine releases the pinned version there). Values are the
 * internal iterator's arrays, handed out without copying; the user key is copied once from the
 * internal key per position and the same array is returned by repeated {@link #key()} calls. The
 * internal keys the cursor keeps are never given out, so callers modifying returned arrays cannot
 * disturb iteration.
 *
 * <p>Errors: reading or moving ({@code next}, {@code prev}) while not positioned throws {@link
 * CairnException}, as does every method except {@code close} after close. An examined entry with an
 * unknown value kind (visible or not), or an internal key shorter than its trailer, throws {@link
 * CairnException}; a failure of the internal iterator propagates and leaves the cursor
 * unpositioned.
 *
 * <p>Not thread-safe: one thread at a time.
 */
public final class DbIterator implements Cursor {
  private final InternalIterator iter;
  private final long seq;
  private final Runnable onClose;

  private boolean closed;
  private boolean valid;

  /** Direction of the last move; decides how {@link #iter} is positioned (see class javadoc). */
  private boolean reverse;

  /** Internal key of the entry the cursor shows; meaningful while {@link #valid}. */
  private byte[] entryKey;

  /** The shown value: loaded lazily moving forward, saved while scanning backward. */
  private byte[] entryValue;

  /** The user key copied out of {@link #entryKey} on first request at this position. */
  private byte[] userKey;

  /**
   * Creates an unpositioned cursor over {@code merged} (which it takes ownership of) at snapshot
   * sequence {@code seq}; {@code onClose} runs once when the cursor is closed.
   */
  public DbIterator(InternalIterator merged, long seq, Runnable onClose) {
    this.iter = Objects.requireNonNull(merged, "merged");
    this.onClose = Objects.requireNonNull(onClose, "onClose");
    if (seq < 0 || seq > InternalKey.MAX_SEQUENCE) {
      throw new IllegalArgumentException("sequence out of range: " + seq);
    }
    this.seq = seq;
  }

  @Override
  public void seekToFirst() {
    checkOpen();
    clearPosition();
    reverse = false;
    iter.seekToFirst();
    findNextUserEntry(null);
  }

  @Override
  public void seekToLast() {
    checkOpen();
    clearPosition();
    reverse = true;
    iter.seekToLast();
    findPrevUserEntry();
  }

  @Override
  public void seek(byte[] target) {
    checkOpen();
    Objects.requireNonNull(target, "target");
    clearPosition();
    reverse = false;
    // Sorts before every entry of target visible at seq; newer (invisible) ones come before it.
    iter.seek(InternalKey.seekKey(target, seq));
    findNextUserEntry(null);
  }

  @Override
  public void seekForPrev(byte[] target) {
    checkOpen();
    Objects.requireNonNull(target, "target");
    clearPosition();
    reverse = true;
    // (target, 0, DELETE) is the last possible internal key of target: seek to it and step back to
    // the last entry before it. Should an entry equal to it exist, leaving it out is harmless: a
    // DELETE at sequence 0 is the oldest possible entry of target and hides nothing.
    iter.seek(InternalKey.encode(target, 0, ValueKind.DELETE));
    if (iter.isValid()) {
      iter.prev();
    } else {
      iter.seekToLast();
    }
    findPrevUserEntry();
  }

  @Override
  public boolean isValid() {
    checkOpen();
    return valid;
  }

  @Override
  public byte[] key() {
    checkValid();
    if (userKey == null) {
      userKey = InternalKey.userKey(entryKey);
    }
    return userKey;
  }

  @Override
  public byte[] value() {
    checkValid();
    if (entryValue == null) {
      // Only moving forward: the internal iterator is still on the shown entry.
      entryValue = iter.value();
    }
    return entryValue;
  }

  @Override
  public void next() {
    checkValid();
    byte[] current = entryKey;
    clearPosition();
    if (reverse) {
      // The internal iterator is before all entries of the current key; get back onto them.
      reverse = false;
      if (iter.isValid()) {
        iter.next();
      } else {
        iter.seekToFirst();
      }
    } else {
      iter.next();
    }
    // Skips the remaining (older or, after turning, all) entries of the current user key.
    findNextUserEntry(current);
  }

  @Override
  public void prev() {
    checkValid();
    clearPosition();
    if (!reverse) {
      // The internal iterator is on the shown entry, the newest visible one of its user key: the
      // entries of that key before it are all newer than the snapshot, which the backward scan
      // skips as invisible, so one step back is enough.
      reverse = true;
      iter.prev();
    }
    findPrevUserEntry();
  }

  /** Idempotent; closes the internal iterator and runs {@code onClose}, even if the first fails. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    clearPosition();
    RuntimeException failure = null;
    try {
      iter.close();
    } catch (RuntimeException e) {
      failure = e;
    }
    try {
      onClose.run();
    } catch (RuntimeException e) {
      if (failure == null) {
        failure = e;
      } else {
        failure.addSuppressed(e);
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  /**
   * Moves forward from the internal iterator's position to the newest visible PUT of the first user
   * key that is greater than {@code done}'s user key (any key if {@code done} is null) and not
   * hidden by a newer visible DELETE.
   */
  private void findNextUserEntry(byte[] done) {
    byte[] skip = done;
    while (iter.isValid()) {
      byte[] ik = checkedKey();
      long trailer = InternalKey.trailer(ik);
      int kind = checkedKind(trailer);
      if ((trailer >>> 8) <= seq && (skip == null || InternalKey.compareUserKeys(ik, skip) > 0)) {
        // The newest visible entry of a new user key decides it.
        if (kind == ValueKind.PUT) {
          entryKey = ik;
          valid = true;
          return;
        }
        skip = ik;
      }
      iter.next();
    }
  }

  /**
   * Moves backward from the internal iterator's position (inclusive) to the largest user key whose
   * newest visible entry is a PUT, saving that entry; leaves the internal iterator on the first
   * visible entry of a smaller user key, or invalid.
   */
  private void findPrevUserEntry() {
    // The newest visible entry seen so far for the user key being collected (entries of one user
    // key arrive oldest first here), or null before the first visible entry.
    byte[] candidate = null;
    byte[] candidateValue = null;
    while (iter.isValid()) {
      byte[] ik = checkedKey();
      long trailer = InternalKey.trailer(ik);
      int kind = checkedKind(trailer);
      if ((trailer >>> 8) <= seq) {
        if (candidateValue != null && InternalKey.compareUserKeys(ik, candidate) < 0) {
          // A smaller user key: the collected key is finished and live.
          break;
        }
        candidate = ik;
        candidateValue = kind == ValueKind.PUT ? iter.value() : null;
      }
      iter.prev();
    }
    if (candidateValue != null) {
      entryKey = candidate;
      entryValue = candidateValue;
      valid = true;
    }
  }

  private byte[] checkedKey() {
    byte[] ik = iter.key();
    if (ik.length < InternalKey.TRAILER_BYTES) {
      throw new CairnException("malformed internal key of " + ik.length + " bytes");
    }
    return ik;
  }

  private static int checkedKind(long trailer) {
    int kind = (int) (trailer & 0xFF);
    if (!ValueKind.isKnown(kind)) {
      throw new CairnException(
          "unknown value kind " + kind + " at sequence " + (trailer >>> 8) + " in iterator");
    }
    return kind;
  }

  private void clearPosition() {
    valid = false;
    entryKey = null;
    entryValue = null;
    userKey = null;
  }

  private void checkOpen() {
    if (closed) {
      throw new CairnException("cursor is closed");
    }
  }

  private void checkValid() {
    checkOpen();
    if (!valid) {
      throw new CairnException("cursor is not positioned on an entry");
    }
  }
}
