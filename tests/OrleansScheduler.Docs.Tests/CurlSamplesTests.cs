using System.Diagnostics;

namespace OrleansScheduler.Docs.Tests;

/// <summary>
/// Every curl sample of the README and docs/*.md, run in order against a fresh silo of the executable:
/// each answers a 2xx, or the status its comment says after an arrow (<c># → 409</c>).
/// </summary>
public sealed class CurlSamplesTests
{
    public static TheoryData<string> FilesWithCurlSamples() => [.. DocFiles.All.Where(f => CurlScript.BlocksOf(f).Count > 0)];

    [Theory]
    [MemberData(nameof(FilesWithCurlSamples))]
    public async Task every_curl_sample_answers_as_its_comment_says(string file)
    {
        var blocks = CurlScript.BlocksOf(file);
        var unsafeLines = blocks.SelectMany(b => b.Text.Split('\n').Where(l => !l.TrimStart().StartsWith('#')).Select(l => (b, l)))
            .Where(x => x.l.TrimStart().StartsWith("dotnet", StringComparison.Ordinal) || x.l.Contains("cluster.sh", StringComparison.Ordinal)
                        || x.l.Contains("redis-server", StringComparison.Ordinal) || x.l.TrimStart().StartsWith("kill", StringComparison.Ordinal))
            .ToList();
        Assert.True(unsafeLines.Count == 0, $"Blocks that call the API must only call it (these lines would run on the test machine): {string.Join("; ", unsafeLines.Select(x => $"{x.b}: {x.l}"))}");

        await using var silo = await SiloProcess.StartAsync();
        string dir = Directory.CreateTempSubdirectory("docs-curl-").FullName;
        try
        {
            string results = Path.Combine(dir, "results");
            var (script, commands) = CurlScript.Build(blocks, silo.Port, results);
            File.WriteAllText(Path.Combine(dir, "samples.sh"), script);
            using var bash = Process.Start(new ProcessStartInfo("bash", Path.Combine(dir, "samples.sh")) { RedirectStandardOutput = true, RedirectStandardError = true })!;
            var stderr = bash.StandardError.ReadToEndAsync();
            _ = bash.StandardOutput.ReadToEndAsync();
            using (var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(3))) await bash.WaitForExitAsync(deadline.Token);

            var statuses = File.Exists(results)
                ? File.ReadAllLines(results).Select(l => l.Split(' ')).ToDictionary(p => int.Parse(p[0]), p => int.Parse(p[1]))
                : [];
            var wrong = new List<string>();
            foreach (var command in commands)
            {
                if (!statuses.TryGetValue(command.Number, out int status))
                {
                    wrong.Add($"{command.Block}: never ran: {command.Text}");
                    continue;
                }
                bool ok = command.ExpectedStatus is { } expected ? status == expected : status is >= 200 and < 300;
                if (ok) continue;
                string body = File.Exists(Path.Combine(dir, $"{command.Number}.body")) ? File.ReadAllText(Path.Combine(dir, $"{command.Number}.body")) : "";
                wrong.Add($"{command.Block}: {command.Text}\n  answered {status}, the doc says {command.ExpectedStatus?.ToString() ?? "2xx"}: {body}");
            }
            Assert.True(wrong.Count == 0, $"{file}: {wrong.Count} of {commands.Count} curl samples did not answer as documented:\n{string.Join("\n", wrong)}\nbash: {await stderr}");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
