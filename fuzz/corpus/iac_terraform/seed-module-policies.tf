data "aws_caller_identity" "current" {}

data "aws_iam_policy_document" "service_auth" {
  statement {
    sid       = "AllowAuthenticatedAccountPrincipals"
    effect    = "Allow"
    actions   = ["vpc-lattice-svcs:Invoke"]
    resources = ["*"]

    principals {
      type        = "*"
      identifiers = ["*"]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:PrincipalAccount"
      values   = [data.aws_caller_identity.current.account_id]
    }

    condition {
      test     = "StringNotEquals"
      variable = "aws:PrincipalType"
      values   = ["Anonymous"]
    }
  }
}
