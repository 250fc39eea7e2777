namespace OrleansScheduler.Http;

/// <summary>Quoting client input in error messages without echoing a megabyte of it back.</summary>
internal static class Text
{
    /// <summary>Most characters of client input quoted in a message.</summary>
    public const int MaxQuoted = 64;

    /// <summary><paramref name="value"/>, cut to <see cref="MaxQuoted"/> characters with an ellipsis.</summary>
    public static string Clip(string? value) =>
        value is null ? "" : value.Length <= MaxQuoted ? value : value[..MaxQuoted] + "…";
}
