using System.Text;

namespace OrleansScheduler.Executors.Exec;

/// <summary>
/// Reads one of a program's output streams as it comes, in chunks rather than whole lines so a line without
/// end cannot fill memory: each line (cut to the longest allowed) goes to the <see cref="OutputLog"/>, and the
/// newest characters are kept as the stream's tail. Stops at the end of the stream or when abandoned.
/// </summary>
internal sealed class OutputPump
{
    private readonly TextReader _reader;
    private readonly OutputLog _log;
    private readonly bool _stderr;
    private readonly int _maxLineLength;
    private readonly int _tailBytes;
    private readonly StringBuilder _line = new();
    private readonly StringBuilder _tail = new();
    private bool _cut;

    /// <param name="reader">The stream.</param>
    /// <param name="log">Where its lines go.</param>
    /// <param name="stderr">Whether it is stderr (logged at Warning).</param>
    /// <param name="maxLineLength">Longest line logged, in characters.</param>
    /// <param name="tailBytes">How many UTF-8 bytes of tail to keep; 0 for none.</param>
    /// <param name="abandon">Fires when the stream is given up on (a process outside the group still holds it open).</param>
    public OutputPump(TextReader reader, OutputLog log, bool stderr, int maxLineLength, int tailBytes, CancellationToken abandon)
    {
        _reader = reader;
        _log = log;
        _stderr = stderr;
        _maxLineLength = maxLineLength;
        _tailBytes = tailBytes;
        Completion = Task.Run(() => PumpAsync(abandon), CancellationToken.None);
    }

    /// <summary>Completes when the stream ended or was abandoned; never faults.</summary>
    public Task Completion { get; }

    /// <summary>The last non-blank line read, as logged (cut); null for none. Read after <see cref="Completion"/>.</summary>
    public string? LastLine { get; private set; }

    /// <summary>The stream's last bytes (at most the tail size, whole characters only); null when no tail is kept. Read after <see cref="Completion"/>.</summary>
    public string? Tail() => _tailBytes == 0 ? null : Utf8Suffix(_tail.ToString(), _tailBytes);

    private async Task PumpAsync(CancellationToken abandon)
    {
        var buffer = new char[4096];
        try
        {
            int read;
            while ((read = await _reader.ReadAsync(buffer.AsMemory(), abandon).ConfigureAwait(false)) > 0)
                Consume(buffer.AsSpan(0, read));
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or IOException)
        {
            // Abandoned, or the stream was closed under us: what was read so far is kept.
        }
        if (_line.Length > 0 || _cut) EndLine();
    }

    private void Consume(ReadOnlySpan<char> chunk)
    {
        if (_tailBytes > 0)
        {
            _tail.Append(chunk);
            // Each character is at least one UTF-8 byte, so this many characters always cover the tail.
            if (_tail.Length > 2 * _tailBytes + chunk.Length) _tail.Remove(0, _tail.Length - _tailBytes);
        }
        foreach (char c in chunk)
        {
            if (c == '\n') EndLine();
            else if (_line.Length < _maxLineLength) _line.Append(c);
            else _cut = true;
        }
    }

    private void EndLine()
    {
        if (!_cut && _line.Length > 0 && _line[^1] == '\r') _line.Length--;
        string line = _line.ToString();
        _line.Clear();
        _cut = false;
        if (!string.IsNullOrWhiteSpace(line)) LastLine = line;
        _log.Write(line, _stderr);
    }

    /// <summary>The longest suffix of <paramref name="text"/> of at most <paramref name="maxBytes"/> UTF-8 bytes that does not split a character.</summary>
    internal static string Utf8Suffix(string text, int maxBytes)
    {
        int bytes = 0, start = text.Length;
        while (start > 0)
        {
            int from = start - 1;
            if (char.IsLowSurrogate(text[from]) && from > 0 && char.IsHighSurrogate(text[from - 1])) from--;
            int size = Encoding.UTF8.GetByteCount(text.AsSpan(from, start - from));
            if (bytes + size > maxBytes) break;
            bytes += size;
            start = from;
        }
        return text[start..];
    }
}
