using System.Text.Json;
using OrleansScheduler.Api;

namespace OrleansScheduler.Cli.Commands;

/// <summary>Reads JSON given on the command line: a payload from the argument, a file or standard input, or an option's object.</summary>
public static class JsonArgument
{
    /// <summary>
    /// The payload: <paramref name="argument"/> itself, or standard input when it is <c>-</c>, or the
    /// file <paramref name="file"/>; none when neither is given. Both given is a usage error.
    /// </summary>
    public static async Task<JsonElement?> ReadPayloadAsync(string? argument, FileInfo? file, TextReader input, CancellationToken cancellationToken)
    {
        if (argument is not null && file is not null) throw new UsageException("Give the payload as an argument or with --file, not both.");
        string? text = argument == "-" ? await input.ReadToEndAsync(cancellationToken).ConfigureAwait(false)
            : file is not null ? await ReadFileAsync(file, cancellationToken).ConfigureAwait(false)
            : argument;
        return text is null ? null : Parse(text, argument == "-" ? "the payload on standard input" : file is not null ? $"the payload in {file.Name}" : "the payload");
    }

    /// <summary><paramref name="text"/> as <typeparamref name="T"/> (API JSON: camelCase, enums by name); a usage error naming <paramref name="what"/> when it is not.</summary>
    public static T? Deserialize<T>(string? text, string what) where T : class
    {
        if (text is null) return null;
        try
        {
            return JsonSerializer.Deserialize<T>(text, ApiJson.Options) ?? throw new UsageException($"{what} is null; give a JSON object.");
        }
        catch (JsonException e)
        {
            throw new UsageException($"{what} is not valid: {e.Message}");
        }
    }

    private static JsonElement Parse(string text, string what)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            return document.RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw new UsageException($"{what} is not JSON ({e.Message}); quote a string as '\"text\"'.");
        }
    }

    private static async Task<string> ReadFileAsync(FileInfo file, CancellationToken cancellationToken)
    {
        if (!file.Exists) throw new UsageException($"--file {file.FullName} does not exist.");
        return await File.ReadAllTextAsync(file.FullName, cancellationToken).ConfigureAwait(false);
    }
}
