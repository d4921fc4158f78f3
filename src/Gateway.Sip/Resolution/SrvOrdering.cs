namespace Gateway.Sip.Resolution;

/// <summary>
/// The target selection of RFC 2782 ("Usage rules"): ascending priority; within one priority a weighted
/// random order, where each pick takes the first record whose running weight sum reaches a random number
/// between 0 and the total (weight-0 records are put first, so they are rarely chosen early).
/// </summary>
public static class SrvOrdering
{
    public static List<SrvRecord> Order(IEnumerable<SrvRecord> records, Random random)
    {
        var result = new List<SrvRecord>();
        foreach (var group in records.Where(r => !r.IsUnavailable).GroupBy(r => r.Priority).OrderBy(g => g.Key))
        {
            var left = group.OrderBy(r => r.Weight == 0 ? 0 : 1).ToList();
            while (left.Count > 0)
            {
                int total = left.Sum(r => r.Weight);
                int pick = random.Next(0, total + 1);
                int sum = 0, i = 0;
                for (; i < left.Count; i++)
                {
                    sum += left[i].Weight;
                    if (sum >= pick) break;
                }
                result.Add(left[i]);
                left.RemoveAt(i);
            }
        }
        return result;
    }
}
