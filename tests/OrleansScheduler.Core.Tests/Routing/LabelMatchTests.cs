using OrleansScheduler.Routing;

namespace OrleansScheduler.Core.Tests.Routing;

public sealed class LabelMatchTests
{
    private static Dictionary<string, string> Labels(string pairs) =>
        pairs.Length == 0 ? [] : pairs.Split(',').Select(p => p.Split('=')).ToDictionary(p => p[0], p => p[1]);

    [Theory]
    [InlineData("", "", true)]
    [InlineData("", "zone=eu-1", true)]
    [InlineData("zone=eu-1", "zone=eu-1", true)]
    [InlineData("zone=eu-1", "zone=eu-1,gpu=true", true)]
    [InlineData("zone=eu-1,gpu=true", "gpu=true,zone=eu-1,disk=ssd", true)]
    [InlineData("zone=eu-1,gpu=true", "zone=eu-1", false)]
    [InlineData("zone=eu-1", "zone=eu-2", false)]
    [InlineData("zone=eu-1", "Zone=eu-1", false)]
    [InlineData("zone=eu-1", "zone=EU-1", false)]
    [InlineData("zone=eu-1", "", false)]
    public void a_silo_qualifies_only_when_it_carries_every_required_pair_exactly(string required, string carried, bool matches)
    {
        Assert.Equal(matches, LabelMatch.Matches(Labels(required), Labels(carried)));
    }

    [Fact]
    public void no_requirement_matches_any_silo()
    {
        Assert.True(LabelMatch.Matches(null, new Dictionary<string, string>()));
    }
}
