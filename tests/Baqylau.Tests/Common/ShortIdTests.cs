using Baqylau.Common;

namespace Baqylau.Tests.Common;

public class ShortIdTests
{
    [Fact]
    public void Public_ids_are_random_and_not_sequential()
    {
        var ids = Enumerable.Range(0, 1000).Select(_ => ShortId.New()).ToList();
        Assert.Equal(1000, ids.Distinct().Count());
        Assert.All(ids, id => Assert.True(ShortId.IsWellFormed(id), id));
        Assert.All(ids, id => Assert.False(long.TryParse(id, out _), id));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("12345")]
    [InlineData("abc/../x")]
    [InlineData("ABCDEFGH")]
    public void Malformed_ids_are_recognised(string? id) => Assert.False(ShortId.IsWellFormed(id));
}
