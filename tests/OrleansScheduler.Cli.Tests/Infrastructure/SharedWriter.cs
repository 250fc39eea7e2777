using System.Text;

namespace OrleansScheduler.Cli.Tests.Infrastructure;

/// <summary>A writer a running command writes to while the test reads what it wrote so far (<see cref="ToString"/>).</summary>
public sealed class SharedWriter : TextWriter
{
    private readonly Lock _lock = new();
    private readonly StringBuilder _text = new();

    /// <inheritdoc />
    public override Encoding Encoding => Encoding.UTF8;

    /// <inheritdoc />
    public override void Write(char value)
    {
        lock (_lock) _text.Append(value);
    }

    /// <inheritdoc />
    public override void Write(string? value)
    {
        lock (_lock) _text.Append(value);
    }

    /// <inheritdoc />
    public override void Write(char[] buffer, int index, int count)
    {
        lock (_lock) _text.Append(buffer, index, count);
    }

    /// <inheritdoc />
    public override void Write(ReadOnlySpan<char> buffer)
    {
        lock (_lock) _text.Append(buffer);
    }

    /// <summary>What was written so far.</summary>
    public override string ToString()
    {
        lock (_lock) return _text.ToString();
    }
}
