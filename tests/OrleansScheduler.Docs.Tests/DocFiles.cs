using System.Text.RegularExpressions;
using OrleansScheduler.Testing;

namespace OrleansScheduler.Docs.Tests;

/// <summary>A fenced code block of a Markdown file, and the sample it says it quotes (<c>&lt;!-- sample: path[#region] --&gt;</c> on the line before).</summary>
public sealed record CodeBlock(string File, int Line, string Language, string Text, string? Sample)
{
    public override string ToString() => $"{File}:{Line}";
}

/// <summary>README.md and docs/*.md, and their fenced code blocks.</summary>
public static partial class DocFiles
{
    /// <summary>The repository root (where README.md and docs/ are).</summary>
    public static string Root => Repository.Root;

    /// <summary>README.md, then docs/*.md by name, as paths relative to <see cref="Root"/>.</summary>
    public static IReadOnlyList<string> All { get; } =
    [
        "README.md",
        .. Directory.EnumerateFiles(Path.Combine(Root, "docs"), "*.md").Select(f => Path.GetRelativePath(Root, f)).Order(StringComparer.Ordinal),
    ];

    /// <summary>Every fenced block of <paramref name="file"/>, in order.</summary>
    public static IReadOnlyList<CodeBlock> Blocks(string file)
    {
        string[] lines = File.ReadAllLines(Path.Combine(Root, file));
        var blocks = new List<CodeBlock>();
        for (int i = 0; i < lines.Length; i++)
        {
            if (!lines[i].StartsWith("```", StringComparison.Ordinal)) continue;
            string language = lines[i][3..].Trim();
            int start = i + 1, end = start;
            while (end < lines.Length && lines[end] != "```") end++;
            if (end == lines.Length) throw new InvalidOperationException($"{file}:{i + 1}: a code block is never closed.");
            var marker = i > 0 ? SampleMarker().Match(lines[i - 1]) : Match.Empty;
            blocks.Add(new CodeBlock(file, i + 1, language, string.Join('\n', lines[start..end]), marker.Success ? marker.Groups[1].Value : null));
            i = end;
        }
        return blocks;
    }

    /// <summary>The text a sample reference names: a whole file, or the lines between <c>#region name</c> and <c>#endregion</c>, dedented.</summary>
    public static string SampleText(string sample)
    {
        string[] parts = sample.Split('#', 2);
        string path = Path.Combine(Root, parts[0]);
        if (!File.Exists(path)) throw new FileNotFoundException($"The sample file {parts[0]} does not exist.", path);
        string[] lines = File.ReadAllLines(path);
        if (parts.Length == 1) return string.Join('\n', lines).TrimEnd('\n');

        int begin = Array.FindIndex(lines, l => l.Trim() == "#region " + parts[1]);
        if (begin < 0) throw new InvalidOperationException($"{parts[0]} has no #region {parts[1]}.");
        int end = Array.FindIndex(lines, begin + 1, l => l.Trim() == "#endregion");
        var region = lines[(begin + 1)..end];
        int indent = region.Where(l => l.Trim().Length > 0).Min(l => l.Length - l.TrimStart().Length);
        return string.Join('\n', region.Select(l => l.Length >= indent ? l[indent..] : l.TrimStart()));
    }

    [GeneratedRegex(@"^<!-- sample: (\S+) -->$")]
    private static partial Regex SampleMarker();
}
