using System.Text;
using System.Text.RegularExpressions;

namespace OrleansScheduler.Docs.Tests;

/// <summary>One curl command of a doc and the status its comment promises (<c># → 409</c>), or null for any 2xx.</summary>
public sealed record CurlCommand(int Number, CodeBlock Block, string Text, int? ExpectedStatus);

/// <summary>
/// A doc's shell samples as one bash script against a silo: the bash blocks that call
/// <c>localhost:5080</c>, in order, with that address replaced and every command that starts with
/// <c>curl</c> recording its status. Other lines (variables, comments) run as they are.
/// </summary>
public static partial class CurlScript
{
    /// <summary>The address the docs call.</summary>
    public const string DocumentedAddress = "localhost:5080";

    /// <summary>The bash blocks of <paramref name="file"/> that call the documented address.</summary>
    public static IReadOnlyList<CodeBlock> BlocksOf(string file) =>
        [.. DocFiles.Blocks(file).Where(b => b.Language == "bash" && LogicalLines(b.Text).Any(l => l.StartsWith("curl ", StringComparison.Ordinal) && l.Contains(DocumentedAddress, StringComparison.Ordinal)))];

    /// <summary>The script and its commands; each command appends "number status" to <paramref name="results"/> and its body to <c>&lt;dir&gt;/&lt;number&gt;.body</c>.</summary>
    public static (string Script, IReadOnlyList<CurlCommand> Commands) Build(IReadOnlyList<CodeBlock> blocks, int port, string results)
    {
        var script = new StringBuilder();
        string dir = Path.GetDirectoryName(results)!;
        script.AppendLine($$"""
            doc_curl() {
                local number=$1; shift
                local status
                status=$(command curl --max-time 15 -s -o "{{dir}}/$number.body" -w '%{http_code}' "$@")
                echo "$number $status" >>"{{results}}"
            }
            """);
        var commands = new List<CurlCommand>();
        foreach (var block in blocks)
        {
            foreach (string line in LogicalLines(block.Text))
            {
                string text = line.Replace("http://" + DocumentedAddress, $"http://127.0.0.1:{port}", StringComparison.Ordinal)
                                  .Replace(DocumentedAddress, $"127.0.0.1:{port}", StringComparison.Ordinal);
                if (!line.StartsWith("curl ", StringComparison.Ordinal))
                {
                    script.AppendLine(text);
                    continue;
                }
                var (command, comment) = SplitComment(text);
                var expected = ExpectedStatus().Match(comment);
                var curl = new CurlCommand(commands.Count + 1, block, line, expected.Success ? int.Parse(expected.Groups[1].Value) : null);
                commands.Add(curl);
                script.AppendLine($"doc_curl {curl.Number} {command["curl ".Length..]}");
            }
        }
        return (script.ToString(), commands);
    }

    /// <summary>Lines with their backslash continuations joined.</summary>
    private static IEnumerable<string> LogicalLines(string text)
    {
        var current = new StringBuilder();
        foreach (string line in text.Split('\n'))
        {
            if (line.EndsWith('\\'))
            {
                current.Append(line[..^1]).Append(' ');
                continue;
            }
            current.Append(line);
            yield return current.ToString();
            current.Clear();
        }
    }

    /// <summary>A command and its trailing <c># comment</c>, found outside quotes.</summary>
    private static (string Command, string Comment) SplitComment(string line)
    {
        char quote = '\0';
        for (int i = 0; i < line.Length; i++)
        {
            char c = line[i];
            if (quote != '\0')
            {
                if (c == quote) quote = '\0';
            }
            else if (c is '\'' or '"') quote = c;
            else if (c == '#' && i > 0 && line[i - 1] == ' ') return (line[..i].TrimEnd(), line[i..]);
        }
        return (line, "");
    }

    [GeneratedRegex(@"→ (\d{3})")]
    private static partial Regex ExpectedStatus();
}
