namespace OrleansScheduler.Docs.Tests;

/// <summary>The C# in the docs is compiled code: each block quotes a sample file (or a region of one) exactly.</summary>
public sealed class QuotedSamplesTests
{
    public static TheoryData<string> Files() => [.. DocFiles.All];

    [Theory]
    [MemberData(nameof(Files))]
    public void every_csharp_block_quotes_a_sample_that_builds(string file)
    {
        var unquoted = DocFiles.Blocks(file).Where(b => b.Language == "csharp" && b.Sample is null).ToList();
        Assert.True(unquoted.Count == 0,
            $"C# blocks without a <!-- sample: path[#region] --> line before them (move the code into samples/ and quote it): {string.Join(", ", unquoted)}");
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void every_quoted_sample_is_the_samples_text(string file)
    {
        foreach (var block in DocFiles.Blocks(file).Where(b => b.Sample is not null))
        {
            string expected = DocFiles.SampleText(block.Sample!);
            Assert.True(expected == block.Text, $"{block} should quote {block.Sample} exactly; the sample reads:\n{expected}");
        }
    }
}
