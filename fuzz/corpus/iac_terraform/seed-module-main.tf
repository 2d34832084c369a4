resource "aws_vpclattice_service" "this" {
  name      = var.name
  auth_type = var.auth_type
}

resource "aws_vpclattice_auth_policy" "this" {
  resource_identifier = aws_vpclattice_service.this.arn
  policy              = data.aws_iam_policy_document.service_auth.json
}
