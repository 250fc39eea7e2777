using StackExchange.Redis;

namespace OrleansScheduler.Redis.Tests;

/// <summary>Script arguments in milliseconds: the unformatted fast path sends the same text as the formatted one.</summary>
public sealed class RedisTaskCodecTests
{
    [Theory]
    [InlineData(0.0)]
    [InlineData(1.0)]
    [InlineData(1.5)]
    [InlineData(0.0001)]
    [InlineData(30_000.0)]
    [InlineData(86_400_000.0)]
    [InlineData(604_800_000.0)]
    [InlineData(999_999_999_999_999.0)]
    [InlineData(1e15)]
    [InlineData(1.5e16)]
    public void a_millisecond_argument_is_sent_as_the_same_text_either_way(double ms)
    {
        RedisValue value = RedisTaskCodec.MsValue(ms);

        Assert.Equal(RedisTaskCodec.Ms(ms), (string?)value);
    }
}
