namespace FluxBatch.Planning.Costs;

/// <summary>The estimated price of one job, from its model, output size and input megapixels.</summary>
internal interface ICostModel
{
    decimal EstimateUsd(string model, int width, int height, decimal inputMegapixels);
}
