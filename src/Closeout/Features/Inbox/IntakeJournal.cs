using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;
using System.IO.Hashing;
using System.Text.Json;
using Microsoft.Win32.SafeHandles;

namespace Closeout.Features.Inbox;

/// <summary>A place in the journal: a segment's number and a byte offset in it.</summary>
internal readonly record struct JournalPosition(long Segment, long Offset)
{
    public bool IsBefore(JournalPosition other) => Segment < other.Segment || (Segment == other.Segment && Offset < other.Offset);
}

/// <summary>
/// What one <see cref="IntakeJournal.Read"/> found from a position: the records' deliveries as one UTF-8 JSON array (the
/// shape <see cref="InboxBatchInsert"/> takes), where reading stopped, whether that segment is finished (closed and read to its
/// end), and how many bytes at its end could not be read (a record torn by a power loss, or damage).
/// </summary>
internal sealed record JournalBatch(byte[] Json, int Count, JournalPosition Next, bool SegmentDone, long UnreadableBytes);

/// <summary>
/// The webhook intake's journal on SQLite (ADR 0016). A delivery is acknowledged once it is a record appended to the
/// journal's current segment, a file beside the database; <see cref="JournalImporter"/> moves the records into the inbox
/// in large batches, recording in the same transaction how far it has read. The append is one write to the file under a
/// lock, on the request's own thread: no hop to a writer and no SQLite commit per arrival batch, which is what held
/// intake to 0.4 of the bare endpoint (ADR 0011). Durability is the inbox's own: written to the operating system, as a
/// SQLite commit is in WAL mode with synchronous=NORMAL, so a killed process loses nothing; both lose the last writes
/// to a power cut. A record is its length (4 bytes), the CRC-32 of its payload (4 bytes) and the payload (UTF-8 JSON), so
/// a torn tail is recognised and skipped, not imported as garbage. One process per journal: its folder is locked, and a
/// second Closeout on the same SQLite file commits its deliveries to the inbox before answering, as PostgreSQL does.
/// </summary>
internal sealed class IntakeJournal(string folder, long segmentBytes = IntakeJournal.SegmentBytes) : IDisposable
{
    /// <summary>A segment takes appends until it would pass this size; the importer deletes it once read.</summary>
    public const long SegmentBytes = 64L << 20;

    /// <summary>Larger than any delivery the intake accepts (its body limit is at most 10 MiB).</summary>
    public const int MaxRecordBytes = 16 << 20;

    private const int HeaderBytes = 8;
    private const string Extension = ".journal";

    private readonly Lock _lock = new();
    private readonly ArrayBufferWriter<byte> _json = new(1 << 16);
    private byte[] _chunk = [];
    private FileStream? _folderLock;
    private SafeFileHandle? _handle;
    private long _segment;
    private long _offset;

    public string Folder { get; } = folder;

    // 1 once something was appended since the importer last looked; only the append that sets it wakes the importer.
    private int _appended;
    private readonly object _wake = new();

    public bool IsOpen
    {
        get
        {
            lock (_lock)
            {
                return _handle is not null;
            }
        }
    }

    /// <summary>Where the next append goes: the end of what has been written.</summary>
    public JournalPosition End
    {
        get
        {
            lock (_lock)
            {
                return new JournalPosition(_segment, _offset);
            }
        }
    }

    /// <summary>
    /// Opens for appending: locks the folder, and starts a new segment numbered after every segment in the folder and
    /// after <paramref name="imported"/>'s, so that what an earlier process left is read before anything this one
    /// appends. False, and nothing opened, when another process holds the folder's lock.
    /// </summary>
    public bool TryOpen(JournalPosition imported)
    {
        Directory.CreateDirectory(Folder);
        try
        {
            _folderLock = new FileStream(Path.Combine(Folder, "journal.lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException) when (File.Exists(Path.Combine(Folder, "journal.lock")))
        {
            return false;
        }

        lock (_lock)
        {
            StartSegment(Math.Max(imported.Segment, Segments().DefaultIfEmpty(0).Max()) + 1);
        }

        return true;
    }

    /// <summary>Appends one delivery; once this returns the delivery survives the process.</summary>
    public void Append(InboxDelivery delivery, long receivedAt)
    {
        var record = Encode(delivery, receivedAt);
        lock (_lock)
        {
            if (_handle is null)
            {
                throw new InvalidOperationException("The intake journal is not open.");
            }

            if (_offset > 0 && _offset + record.Length > segmentBytes)
            {
                StartSegment(_segment + 1);
            }

            // A failed write (disk full) leaves the offset where it was: the next record overwrites the partial one.
            RandomAccess.Write(_handle, record, _offset);
            _offset += record.Length;
        }

        Wake();
    }

    /// <summary>Wakes the importer if it waits (after an append, at shutdown, for a test that waits for the import).</summary>
    public void Wake()
    {
        if (Interlocked.Exchange(ref _appended, 1) == 0)
        {
            lock (_wake)
            {
                Monitor.PulseAll(_wake);
            }
        }
    }

    /// <summary>The importer's wait, on its own thread: true when something was appended (or a wake came) since the last call.</summary>
    public bool WaitForAppends(TimeSpan timeout)
    {
        lock (_wake)
        {
            if (Interlocked.Exchange(ref _appended, 0) == 1)
            {
                return true;
            }

            Monitor.Wait(_wake, timeout);
            return Interlocked.Exchange(ref _appended, 0) == 1;
        }
    }

    /// <summary>
    /// Reads up to <paramref name="maxRecords"/> records (about <paramref name="maxBytes"/>) from <paramref name="from"/>:
    /// in the current segment up to what has been appended, in an older one to its end. A segment that is not there
    /// (deleted once read, or never written) reads as done and empty. One reader (the importer) calls this; the file is
    /// read in chunks of at least <paramref name="maxBytes"/> into a buffer kept between calls.
    /// </summary>
    public JournalBatch Read(JournalPosition from, int maxRecords, int maxBytes)
    {
        var end = End;
        var current = from.Segment == end.Segment;
        var path = SegmentPath(from.Segment);
        if (!current && !File.Exists(path))
        {
            return new JournalBatch("[]"u8.ToArray(), 0, from, SegmentDone: true, UnreadableBytes: 0);
        }

        using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        var limit = current ? end.Offset : RandomAccess.GetLength(handle);
        _json.ResetWrittenCount();
        _json.Write("["u8);
        var offset = from.Offset;
        var count = 0;
        var damaged = false;

        // The chunk holds the bytes from chunkStart; records are cut from it until one runs past its end.
        if (_chunk.Length < maxBytes + HeaderBytes)
        {
            _chunk = new byte[maxBytes + HeaderBytes];
        }

        var chunkStart = offset;
        var chunkLength = 0;
        while (count < maxRecords && _json.WrittenCount < maxBytes && offset < limit)
        {
            var at = (int)(offset - chunkStart);
            if (chunkLength - at < HeaderBytes || chunkLength - at < HeaderBytes + BinaryPrimitives.ReadInt32LittleEndian(_chunk.AsSpan(at)))
            {
                // Refill from this record on; a record longer than the buffer gets a buffer its size.
                chunkStart = offset;
                at = 0;
                chunkLength = RandomAccess.Read(handle, _chunk.AsSpan(0, (int)Math.Min(_chunk.Length, limit - offset)), offset);
                var needed = chunkLength >= HeaderBytes ? HeaderBytes + (long)BinaryPrimitives.ReadInt32LittleEndian(_chunk) : 0;
                if (needed > chunkLength && needed <= HeaderBytes + MaxRecordBytes && offset + needed <= limit)
                {
                    _chunk = new byte[(int)needed];
                    chunkLength = RandomAccess.Read(handle, _chunk, offset);
                }
            }

            // A header or a record cut short, a length out of bounds or past what was written, or a wrong checksum: damage.
            var length = chunkLength - at >= HeaderBytes ? BinaryPrimitives.ReadInt32LittleEndian(_chunk.AsSpan(at)) : -1;
            if (length <= 0 || length > MaxRecordBytes || offset + HeaderBytes + length > limit || chunkLength - at < HeaderBytes + length)
            {
                damaged = true;
                break;
            }

            var payload = _chunk.AsSpan(at + HeaderBytes, length);
            if (Crc32.HashToUInt32(payload) != BinaryPrimitives.ReadUInt32LittleEndian(_chunk.AsSpan(at + 4)))
            {
                damaged = true;
                break;
            }

            if (count > 0)
            {
                _json.Write(","u8);
            }

            _json.Write(payload);
            offset += HeaderBytes + length;
            count++;
        }

        _json.Write("]"u8);
        var unreadable = damaged ? limit - offset : 0;
        if (unreadable > 0 && current)
        {
            // Only damage can break a record this process wrote: close the segment so what follows goes to a fresh one.
            lock (_lock)
            {
                if (_segment == from.Segment)
                {
                    StartSegment(_segment + 1);
                }
            }
        }

        var done = unreadable > 0 || (!current && offset >= limit);
        return new JournalBatch(_json.WrittenSpan.ToArray(), count, new JournalPosition(from.Segment, done ? limit : offset), done, unreadable);
    }

    /// <summary>The first segment after <paramref name="segment"/>: an older one an earlier process left, else the current.</summary>
    public long NextSegmentAfter(long segment) => Segments().Where(s => s > segment).DefaultIfEmpty(End.Segment).Min();

    /// <summary>Deletes the segments before <paramref name="segment"/> (read to their end and recorded so).</summary>
    public void DeleteBefore(long segment)
    {
        foreach (var old in Segments().Where(s => s < segment && s != End.Segment))
        {
            File.Delete(SegmentPath(old));
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _handle?.Dispose();
            _handle = null;
        }

        _folderLock?.Dispose();
        _folderLock = null;
    }

    private void StartSegment(long segment)
    {
        var handle = File.OpenHandle(SegmentPath(segment), FileMode.CreateNew, FileAccess.Write, FileShare.Read | FileShare.Delete);
        _handle?.Dispose();
        _handle = handle;
        _segment = segment;
        _offset = 0;
    }

    private string SegmentPath(long segment) => Path.Combine(Folder, segment.ToString("D20", CultureInfo.InvariantCulture) + Extension);

    private List<long> Segments() =>
        Directory.EnumerateFiles(Folder, "*" + Extension)
            .Select(f => long.TryParse(Path.GetFileNameWithoutExtension(f), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : -1)
            .Where(n => n > 0)
            .Order()
            .ToList();

    private static byte[] Encode(InboxDelivery delivery, long receivedAt)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        buffer.Advance(HeaderBytes);
        using (var json = new Utf8JsonWriter(buffer))
        {
            InboxBatchInsert.Write(json, delivery, receivedAt);
        }

        var record = buffer.WrittenSpan.ToArray();
        var payload = record.AsSpan(HeaderBytes);
        if (payload.Length > MaxRecordBytes)
        {
            throw new ArgumentException($"A delivery of {payload.Length} bytes is over the journal's record limit.", nameof(delivery));
        }

        BinaryPrimitives.WriteInt32LittleEndian(record, payload.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(record.AsSpan(4), Crc32.HashToUInt32(payload));
        return record;
    }
}
