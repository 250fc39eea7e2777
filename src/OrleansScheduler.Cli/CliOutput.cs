using System.Text.Json;
using System.Text.Json.Serialization;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace OrleansScheduler.Cli;

/// <summary>Where a command writes: tables (Spectre.Console) or the API's JSON to standard output, errors to standard error.</summary>
public sealed class CliOutput
{
    // The gateway writes nulls and enum names; so does this, so a script reads the same JSON either way.
    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
    };

    private readonly IAnsiConsole _console;

    /// <summary>Writes to <paramref name="output"/> and <paramref name="error"/>; <paramref name="json"/> chooses JSON over tables.</summary>
    public CliOutput(TextWriter output, TextWriter error, bool json)
    {
        Out = output;
        Error = error;
        IsJson = json;
        bool terminal = ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected;
        _console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output),
            Ansi = terminal ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = terminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = terminal ? InteractionSupport.Detect : InteractionSupport.No,
        });
        // Redirected output has no window to fit: keep rows whole for grep and tests.
        if (!terminal) _console.Profile.Width = 240;
    }

    /// <summary>Standard output.</summary>
    public TextWriter Out { get; }

    /// <summary>Standard error.</summary>
    public TextWriter Error { get; }

    /// <summary>Whether answers are printed as JSON.</summary>
    public bool IsJson { get; }

    /// <summary>Prints <paramref name="answer"/> as JSON, or renders the table <paramref name="table"/> makes of it.</summary>
    public void Print<T>(T answer, Func<T, IRenderable> table)
    {
        if (IsJson) Json(answer);
        else _console.Write(table(answer));
    }

    /// <summary>Prints <paramref name="value"/> as one JSON document on a line of its own.</summary>
    public void Json<T>(T value) => Out.WriteLine(JsonSerializer.Serialize(value, JsonOptions));

    /// <summary>Prints a line of text (in table mode only; JSON output stays one document).</summary>
    public void Line(string text)
    {
        if (!IsJson) _console.WriteLine(text);
    }

    /// <summary>A JSON value as text for a table cell ("" for none).</summary>
    public static string Compact(JsonElement? value) =>
        value is { ValueKind: not JsonValueKind.Undefined and not JsonValueKind.Null } v ? v.GetRawText() : "";
}
