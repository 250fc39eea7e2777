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

    /// <summary>
    /// Writes to <paramref name="output"/> and <paramref name="error"/>; <paramref name="json"/> chooses JSON over tables.
    /// <paramref name="terminal"/> says whether <paramref name="output"/> is a terminal (live displays, colours); by
    /// default it is when it is the console's own, not redirected.
    /// </summary>
    public CliOutput(TextWriter output, TextWriter error, bool json, bool? terminal = null)
    {
        Out = output;
        Error = error;
        IsJson = json;
        IsTerminal = terminal ?? (ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected);
        bool terminalOut = IsTerminal;
        _console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output),
            // A terminal given explicitly (a test's writer) is taken at its word rather than detected.
            Ansi = !terminalOut ? AnsiSupport.No : terminal is null ? AnsiSupport.Detect : AnsiSupport.Yes,
            ColorSystem = terminalOut ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = !terminalOut ? InteractionSupport.No : terminal is null ? InteractionSupport.Detect : InteractionSupport.Yes,
        });
        // Redirected output has no window to fit: keep rows whole for grep and tests.
        if (!terminalOut || terminal is not null) _console.Profile.Width = 240;
    }

    /// <summary>Standard output.</summary>
    public TextWriter Out { get; }

    /// <summary>Standard error.</summary>
    public TextWriter Error { get; }

    /// <summary>Whether answers are printed as JSON.</summary>
    public bool IsJson { get; }

    /// <summary>Whether standard output is a terminal, where live displays (<c>watch</c>'s progress bars) can redraw.</summary>
    public bool IsTerminal { get; }

    /// <summary>The Spectre console on standard output, for live displays.</summary>
    public IAnsiConsole Ansi => _console;

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
